"""The web app as a school uses it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from prudence.adapters import audit_store
from prudence.adapters.database import AdviceRequestRecord
from prudence.school.audit import verify
from tests.web.conftest import sign_in, token

PUPILS_CSV = (
    "first_name,last_name,preferred_name,year_group,status,left_on,date_of_birth,parent_names\n"
    "Zara,Quinn,,Y5,current,,2016-04-02,Ms Ola Quinn\n"
    "Milo,Hart,,Y3,current,,not a date,Mr Ben Hart\n"
    "Ivy,Stone,,Y4,sometimes,,2017-01-09,\n"
    "Noah,Brennan,Nono,Y2,current,,2019-10-03,Ms Claire Brennan\n"
)


def page(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.text, "html.parser")


def audit(app: FastAPI, event: str) -> list[audit_store.AuditEntry]:
    with app.state.office.sessions() as session:
        return [e for e in audit_store.entries(session) if e.event == event]


def check(client: TestClient, post_text: str, **fields: str) -> BeautifulSoup:
    response = client.post(
        "/check", data={"text": post_text, "csrf_token": token(client, "/check"), **fields}
    )
    assert response.status_code == 200, response.text
    return page(response)


# --- the service ------------------------------------------------------------------------------


def test_healthz_answers_once_the_database_is_reachable(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_the_json_api_is_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/check", "/api/policy", "/api/me", "/api/settings", "/api/advice"):
        assert path in paths
    assert "/api/people/{kind}/preview" in paths


# --- signing in ---------------------------------------------------------------------------------


def test_a_wrong_password_is_refused_with_an_error_summary_and_audited(
    app: FastAPI, client: TestClient
) -> None:
    response = client.post(
        "/sign-in",
        data={
            "email": "teacher@brookfield-primary.example",
            "password": "not my password",
            "csrf_token": token(client),
        },
    )
    assert response.status_code == 401
    summary = page(response).select_one(".error-summary")
    assert summary is not None and "not right" in summary.text
    assert summary.select_one("a")["href"] == "#email"  # type: ignore[index]
    refused = audit(app, "account.sign_in_refused")
    assert [e.subject for e in refused] == ["teacher@brookfield-primary.example"]


def test_signing_in_audits_who_and_from_where(app: FastAPI, client: TestClient) -> None:
    sign_in(client, "teacher")
    (entry,) = audit(app, "account.signed_in")
    assert entry.actor == "teacher@brookfield-primary.example" and entry.origin
    assert entry.school == "brookfield" and entry.at.endswith("+00:00")


def test_sign_in_is_rate_limited(client: TestClient) -> None:
    form = {"email": "teacher@brookfield-primary.example", "password": "guess"}
    codes = [
        client.post("/sign-in", data=form | {"csrf_token": token(client)}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [401] * 10 and codes[10] == 429


def test_the_session_cookie_is_secure_http_only_and_same_site(client: TestClient) -> None:
    response = client.get("/sign-in")
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("prudence_session=")
    assert "; secure" in cookie and "; httponly" in cookie and "samesite=lax" in cookie
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_a_form_without_its_token_is_refused(client: TestClient) -> None:
    sign_in(client, "teacher")
    assert client.post("/check", data={"text": "hello"}).status_code == 403


def test_anonymous_requests_for_data_get_401(client: TestClient) -> None:
    for path in ("/api/advice", "/api/settings", "/api/me", "/api/policy"):
        assert client.get(path).status_code == 401, path
    assert client.get("/advice").status_code == 303  # a browser is sent to sign in


def test_a_next_address_off_the_site_is_ignored(client: TestClient) -> None:
    response = client.post(
        "/sign-in",
        data={
            "email": "teacher@brookfield-primary.example",
            "password": "demo-teacher-password",
            "csrf_token": token(client),
            "next": "//evil.example/steal",
        },
    )
    assert response.headers["location"] == "/check"


# --- can I post this? -----------------------------------------------------------------------


@pytest.mark.clause("4.1.5")
def test_a_colleague_checks_a_post_and_sees_where_and_why(app: FastAPI, client: TestClient) -> None:
    sign_in(client, "teacher")
    result = check(
        client,
        "Lovely to see you at the fair, Harry! Text me on 07700 900123 if you need help.",
        audience="direct",
        recipient="Harry",
    )
    assert "Do not post this" in result.select_one("#verdict").text  # type: ignore[union-attr]
    marks = [m.text for m in result.select("mark")]
    assert "07700 900123" in marks
    links = [a["href"] for a in result.select(".finding h3 a")]
    assert "/policy#clause-4.1.5" in links
    with app.state.office.sessions() as session:  # checked, never stored
        assert session.scalars(select(AdviceRequestRecord)).all() == []


def test_what_a_colleague_types_is_escaped(client: TestClient) -> None:
    sign_in(client, "teacher")
    result = check(client, "<script>alert(1)</script> our head is useless")
    assert result.select("script[src]") or True
    assert not [s for s in result.select("script") if "alert" in s.text]
    assert "<script>alert(1)</script>" in result.select_one("#text").text  # type: ignore[union-attr]


def test_an_empty_post_gets_an_error_summary_pointing_at_the_box(client: TestClient) -> None:
    sign_in(client, "teacher")
    response = client.post("/check", data={"text": "  ", "csrf_token": token(client, "/check")})
    assert response.status_code == 400
    assert page(response).select_one(".error-summary a")["href"] == "#text"  # type: ignore[index]


def test_the_check_api_follows_the_checker_contract(client: TestClient) -> None:
    sign_in(client, "teacher")
    me = client.get("/api/me").json()
    response = client.post(
        "/api/check",
        json={"id": "p1", "text": "Pics of my Year 5s at the zoo", "audience": "public"},
        headers={"X-CSRF-Token": me["csrf_token"]},
    )
    report = response.json()
    assert report["id"] == "p1" and report["verdict"] == "block"
    assert {f["clause"] for f in report["findings"]} >= {"4.1.8"}
    bad = client.post("/api/check", json={"text": 5}, headers={"X-CSRF-Token": me["csrf_token"]})
    assert bad.status_code == 422 and "text" in bad.text


def test_asking_for_advice_keeps_the_post_for_the_dsl_and_the_read_is_audited(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "teacher")
    response = client.post(
        "/advice",
        data={
            "text": "Can I share the nativity video?",
            "question": "Parents asked for it",
            "csrf_token": token(client, "/check"),
        },
    )
    assert response.status_code == 200
    assert client.get("/advice").status_code == 403  # a colleague cannot read others' requests
    client.post("/sign-out", data={"csrf_token": token(client, "/check")})
    sign_in(client, "dsl")
    listing = page(client.get("/advice"))
    assert "Can I share the nativity video?" in listing.text and "Sam Carter" in listing.text
    assert [e.actor for e in audit(app, "advice.read")] == ["dsl@brookfield-primary.example"]


# --- people ---------------------------------------------------------------------------------------


def test_importing_pupils_previews_rejects_bad_rows_and_imports_the_rest(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "admin")
    preview = client.post(
        "/people/preview",
        data={"kind": "pupils", "csrf_token": token(client, "/people")},
        files={"file": ("pupils.csv", PUPILS_CSV.encode("utf-8"), "text/csv")},
    )
    assert preview.status_code == 200
    shown = page(preview)
    rejected = {
        row.select("td")[0].text: row.select("td")[1].text
        for row in shown.select("tbody tr")
        if len(row.select("td")) == 2
    }
    assert set(rejected) == {"3", "4"}
    assert "not a date" in rejected["3"] and "sometimes" in rejected["4"]
    form = shown.select_one("form[action='/people/import']")
    assert form is not None
    fields = {i["name"]: i["value"] for i in form.select("input")}
    done = client.post("/people/import", data=fields)
    assert done.status_code == 200 and "Imported 2 pupils" in done.text
    (entry,) = audit(app, "people.imported")
    assert entry.detail == {"before": 6, "after": 2, "rejected": 2}
    # The checker now knows Zara Quinn as a pupil.
    sign_in(client, "teacher")
    result = check(client, "Hi Zara, add me on snap", audience="direct", recipient="Zara Quinn")
    assert "Do not post this" in result.text


def test_a_file_that_is_not_a_roster_is_refused_whole(client: TestClient) -> None:
    sign_in(client, "admin")
    response = client.post(
        "/people/preview",
        data={"kind": "staff", "csrf_token": token(client, "/people")},
        files={"file": ("staff.csv", b"name;age\nBob;12\n", "text/csv")},
    )
    assert response.status_code == 400
    assert page(response).select_one(".error-summary") is not None


# --- settings -------------------------------------------------------------------------------------


def test_changing_settings_is_audited_with_old_and_new_values(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "head")
    current = client.get("/api/settings").json()
    me = client.get("/api/me").json()
    new = current | {"confidential_terms": ["restructure", "Ofsted call", "merger"]}
    response = client.put("/api/settings", json=new, headers={"X-CSRF-Token": me["csrf_token"]})
    assert response.json() == {"changed": ["confidential_terms"]}
    (entry,) = audit(app, "school.settings_changed")
    change = entry.detail["changes"]["confidential_terms"]
    assert "merger" in change["new"] and "merger" not in change["old"]
    result = check(client, "Big news about the merger at work, can't say more yet!")
    assert "4.1.10" in result.text


def test_a_bad_review_date_is_named_in_the_error_summary(client: TestClient) -> None:
    sign_in(client, "head")
    response = client.post(
        "/settings",
        data={
            "name": "Brookfield Primary School",
            "review_date": "next year",
            "csrf_token": token(client, "/settings"),
        },
    )
    assert response.status_code == 400
    assert page(response).select_one(".error-summary a")["href"] == "#review_date"  # type: ignore[index]


# --- who may see what ---------------------------------------------------------------------

ROLE_PAGES = {
    "teacher": {"/check": 200, "/policy": 200, "/people": 403, "/settings": 403, "/advice": 403},
    "dsl": {"/check": 200, "/policy": 200, "/people": 403, "/settings": 403, "/advice": 200},
    "head": {"/check": 200, "/policy": 200, "/people": 200, "/settings": 200, "/advice": 200},
    "hr": {"/check": 200, "/policy": 200, "/people": 200, "/settings": 403, "/advice": 403},
    "governor": {"/check": 200, "/policy": 200, "/people": 403, "/settings": 403, "/advice": 403},
    "admin": {"/check": 200, "/policy": 200, "/people": 200, "/settings": 200, "/advice": 403},
}


@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_each_role_reaches_only_its_pages(client: TestClient, role: str) -> None:
    sign_in(client, role)
    assert {path: client.get(path).status_code for path in ROLE_PAGES[role]} == ROLE_PAGES[role]


def test_no_school_sees_anothers_data(client: TestClient) -> None:
    sign_in(client, "teacher")
    client.post(
        "/advice",
        data={"text": "Brookfield's private worry", "csrf_token": token(client, "/check")},
    )
    client.post("/sign-out", data={"csrf_token": token(client, "/check")})
    sign_in(client, "oakfield-head")
    assert client.get("/api/advice").json() == []
    settings = client.get("/api/settings").json()
    assert settings["name"] != "Brookfield Primary School"
    policy = client.get("/api/policy").json()
    assert policy["school"] == settings["name"]
    assert "Brookfield" not in client.get("/people").text


# --- the audit log -------------------------------------------------------------------------


def test_the_audit_chain_detects_an_edited_or_deleted_entry(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "teacher")
    sign_in(client, "dsl")
    sessions = app.state.office.sessions
    with sessions() as session:
        assert verify(audit_store.entries(session)) == []
    with sessions.begin() as session:
        session.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE sequence = 3"))
    with sessions() as session:
        problems = verify(audit_store.entries(session))
    assert [(p.sequence, "changed" in p.problem) for p in problems] == [(3, True)]
    with sessions.begin() as session:
        session.execute(text("DELETE FROM audit_log WHERE sequence = 5"))
    with sessions() as session:
        problems = verify(audit_store.entries(session))
    assert any(p.sequence == 6 and "missing" in p.problem for p in problems)


def test_prudence_audit_verify_exits_1_on_a_tampered_log(
    app: FastAPI, client: TestClient, database_url: str
) -> None:
    sign_in(client, "teacher")
    env = {"DATABASE_URL": database_url, "PATH": ""}
    ok = subprocess.run(
        [sys.executable, "-m", "prudence", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and "chain intact" in ok.stdout, ok.stderr
    with app.state.office.sessions.begin() as session:
        session.execute(text("UPDATE audit_log SET subject = 'nothing to see' WHERE sequence = 1"))
    bad = subprocess.run(
        [sys.executable, "-m", "prudence", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "entry 1:" in bad.stdout


# --- notifications ----------------------------------------------------------------------------


def test_asking_for_advice_emails_the_safeguarding_leads_without_the_post(mailed_app) -> None:  # type: ignore[no-untyped-def]
    app, inbox = mailed_app
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        sign_in(client, "teacher")
        client.post(
            "/advice",
            data={"text": "Secret draft about Harry", "csrf_token": token(client, "/check")},
        )
    (sender, recipients, content) = inbox.messages[0]
    assert sender == "prudence@brookfield-primary.example"
    assert recipients == [
        "deputy-dsl@brookfield-primary.example",
        "dsl@brookfield-primary.example",
        "head@brookfield-primary.example",
    ]
    assert "Sam Carter has asked for advice" in content and "/advice" in content
    assert "Harry" not in content  # the post stays in Prudence


# --- accounts --------------------------------------------------------------------------------


def test_an_administrator_adds_someone_who_can_then_sign_in(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "admin")
    form = {
        "name": "Nia Jones",
        "email": "Nia.Jones@brookfield-primary.example",
        "roles": ["colleague", "line manager"],
        "password": "a-long-first-password",
        "csrf_token": token(client, "/people"),
    }
    response = client.post("/people/accounts", data=form)
    assert response.status_code == 200 and "Added Nia Jones" in response.text
    again = client.post("/people/accounts", data=form | {"csrf_token": token(client, "/people")})
    assert again.status_code == 400 and "already has an account" in again.text
    short = client.post(
        "/people/accounts",
        data=form
        | {
            "email": "x@brookfield-primary.example",
            "password": "short",
            "csrf_token": token(client, "/people"),
        },
    )
    assert short.status_code == 400 and "12 characters" in short.text
    (created,) = [e for e in audit(app, "account.created") if e.subject.startswith("nia.")]
    assert created.actor == "admin@brookfield-primary.example"
    client.post("/sign-out", data={"csrf_token": token(client, "/check")})
    signed = client.post(
        "/sign-in",
        data={
            "email": "nia.jones@brookfield-primary.example",
            "password": "a-long-first-password",
            "csrf_token": token(client),
        },
    )
    assert signed.status_code == 303


def test_a_colleague_cannot_add_accounts(client: TestClient) -> None:
    sign_in(client, "teacher")
    response = client.post(
        "/people/accounts",
        data={"name": "Eve", "email": "eve@x.example", "csrf_token": token(client, "/check")},
    )
    assert response.status_code == 403


def test_every_page_has_a_short_title_naming_it(client: TestClient) -> None:
    sign_in(client, "head")
    for path in ("/check", "/policy", "/people", "/settings", "/concerns", "/declarations",
                 "/channels", "/governors-report", "/advice", "/policy/versions"):  # fmt: skip
        title = page(client.get(path)).title
        assert title is not None and title.string is not None, path
        assert title.string.endswith("– Prudence") and len(title.string) < 60, (path, title.string)


def test_a_switched_off_account_can_no_longer_sign_in_or_act(
    app: FastAPI, client: TestClient
) -> None:
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as teacher:
        sign_in(teacher, "teacher")
        sign_in(client, "admin")
        response = client.post(
            "/people/accounts/deactivate",
            data={
                "email": "teacher@brookfield-primary.example",
                "csrf_token": token(client, "/people"),
            },
        )
        assert response.status_code == 200 and "can no longer sign in" in response.text
        assert teacher.get("/api/me").status_code == 401  # the open session ends with it
    again = client.post(
        "/people/accounts/deactivate",
        data={"email": "admin@brookfield-primary.example", "csrf_token": token(client, "/people")},
    )
    assert again.status_code == 400  # not yourself
    (entry,) = audit(app, "account.deactivated")
    assert entry.subject == "teacher@brookfield-primary.example"
    client.post("/sign-out", data={"csrf_token": token(client, "/check")})
    refused = client.post(
        "/sign-in",
        data={
            "email": "teacher@brookfield-primary.example",
            "password": "demo-teacher-password",
            "csrf_token": token(client),
        },
    )
    assert refused.status_code == 401
