"""Concerns in the web app: reporting (colleagues and the public), triage by 2.7's three
questions, the one-working-day LADO clock and need-to-know, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from prudence.cases import clock
from prudence.cases.concerns import ConcernKind, SubjectKind
from prudence.cases.triage import Route
from tests.web.conftest import sign_in, token
from tests.web.test_web_app import audit, page


def account_id(app: FastAPI, email: str) -> int:
    from sqlalchemy import select

    from prudence.adapters.database import AccountRecord

    with app.state.office.sessions() as session:
        return session.scalars(select(AccountRecord.id).where(AccountRecord.email == email)).one()


def report(client: TestClient, **fields: str | int) -> int:
    data = {
        "kind": ConcernKind.PUPIL_CONTACT.value,
        "description": "Harry sent me a friend request on Instagram last night.",
        "subject_kind": SubjectKind.PUPIL.value,
        "subject_name": "Harry Okafor",
        "csrf_token": token(client, "/concerns/new"),
    } | {k: str(v) for k, v in fields.items()}
    response = client.post("/concerns", data=data)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def sign_out(client: TestClient) -> None:
    client.post("/sign-out", data={"csrf_token": token(client, "/check")})


def triage(
    client: TestClient,
    concern: int,
    answers: tuple[str, str, str],
    *routes: Route,
    reasons: str = "",
) -> int:
    form = {
        "harmed": answers[0],
        "offence": answers[1],
        "risk": answers[2],
        "routes": [r.value for r in routes],
        "reasons": reasons,
        "csrf_token": token(client, f"/concerns/{concern}"),
    }
    response = client.post(f"/concerns/{concern}/triage", data=form)
    return response.status_code


@pytest.mark.clause("4.1.4")
def test_a_pupils_friend_request_is_reported_and_the_dsl_closes_it_with_advice(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "teacher")
    concern = report(client)
    mine = page(client.get("/concerns"))
    assert "4.1.4" in mine.text and "awaiting triage" in mine.text
    sign_out(client)
    sign_in(client, "dsl")
    detail = page(client.get(f"/concerns/{concern}"))
    assert detail.select_one("form[action$='/triage']") is not None
    assert (
        triage(client, concern, ("no", "no", "no"), Route.NO_FURTHER_ACTION) == 400
    )  # needs reasons
    assert (
        triage(
            client,
            concern,
            ("no", "no", "no"),
            Route.ADVICE_GIVEN,
            reasons="Declined and blocked; told the parent.",
        )
        == 303
    )
    after = page(client.get(f"/concerns/{concern}"))
    assert "triaged: advice given" in after.text and after.select_one("#lado") is None
    events = [e.event for e in audit(app, "concern.triaged")]
    assert events == ["concern.triaged"]


@pytest.mark.clause("2.7")
def test_a_yes_to_any_question_opens_an_allegation_with_a_one_working_day_clock(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "teacher")
    colleague = account_id(app, "line-manager@brookfield-primary.example")
    concern = report(
        client,
        kind=ConcernKind.POLICY_NOT_FOLLOWED.value,
        description="Jo has been messaging a Year 6 pupil on Snapchat late at night.",
        subject_kind=SubjectKind.COLLEAGUE.value,
        subject_account=colleague,
        subject_name="",
    )
    sign_out(client)
    sign_in(client, "dsl")
    assert triage(client, concern, ("no", "no", "yes"), Route.ALLEGATION) == 303
    shown = page(client.get(f"/concerns/{concern}"))
    lado = shown.select_one("#lado")
    assert lado is not None and "must reach the LADO by" in lado.text
    expected = clock.deadline(datetime.now(UTC)).astimezone(clock.LONDON)
    assert expected.strftime("%d %B %Y") in lado.text
    response = client.post(
        f"/concerns/{concern}/lado",
        data={
            "lado_reference": "LADO-2026-0412",
            "advice": "Suspend contact; strategy meeting tomorrow.",
            "csrf_token": token(client, f"/concerns/{concern}"),
        },
    )
    assert response.status_code == 303
    recorded = page(client.get(f"/concerns/{concern}")).select_one("#lado")
    assert (
        recorded is not None
        and "LADO-2026-0412" in recorded.text
        and "after the deadline" not in recorded.text
    )
    (entry,) = audit(app, "allegation.referred_to_lado")
    assert entry.detail == {"within_deadline": True}


@pytest.mark.clause("2.7")
def test_an_allegation_about_the_headteacher_is_not_for_the_dsl_to_triage(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "teacher")
    head = account_id(app, "head@brookfield-primary.example")
    concern = report(
        client,
        kind=ConcernKind.POLICY_NOT_FOLLOWED.value,
        subject_kind=SubjectKind.COLLEAGUE.value,
        subject_account=head,
        subject_name="",
    )
    sign_out(client)
    sign_in(client, "dsl")
    detail = page(client.get(f"/concerns/{concern}"))
    assert detail.select_one("form[action$='/triage']") is None
    assert "chair of governors" in detail.text
    assert triage(client, concern, ("yes", "no", "no"), Route.ALLEGATION) == 400
    sign_out(client)
    sign_in(client, "head")  # nor does the headteacher read a concern about themselves
    assert client.get(f"/concerns/{concern}").status_code == 404


def test_only_those_who_need_to_know_read_a_concern(client: TestClient) -> None:
    sign_in(client, "teacher")
    concern = report(client)
    sign_out(client)
    expected = {"line-manager": 404, "hr": 404, "governor": 404, "deputy-dsl": 200, "head": 200}
    seen = {}
    for role in expected:
        sign_in(client, role)
        seen[role] = client.get(f"/concerns/{concern}").status_code
        sign_out(client)
    assert seen == expected
    sign_in(client, "oakfield-head")
    assert client.get(f"/concerns/{concern}").status_code == 404
    assert client.get("/api/concerns").json() == []


@pytest.mark.clause("3.4")
def test_a_parent_reports_without_an_account_and_gets_a_reference(
    app: FastAPI, client: TestClient
) -> None:
    form = {
        "kind": ConcernKind.COLLEAGUE_TARGETED_ONLINE.value,
        "description": "Someone is posting lies about Mr Reid on the parents' Facebook group.",
        "subject_name": "Mr Reid",
        "reporter_name": "Ola Quinn",
        "relationship": "parent of a pupil in Year 5",
        "contact": "ola@example.org",
        "csrf_token": token(client, "/report/brookfield"),
    }
    done = client.post("/report/brookfield", data=form)
    assert done.status_code == 200
    reference = page(done).select_one("#reference")
    assert reference is not None and re.fullmatch(r"C-[A-Z2-9]{8}", reference.text)
    sign_in(client, "dsl")
    listing = client.get("/api/concerns").json()
    assert [c["reference"] for c in listing] == [reference.text]
    assert listing[0]["clause"] == "2.5"
    (entry,) = audit(app, "concern.reported")
    assert entry.actor is None and entry.detail["public"] is True
    assert (
        client.get("/report/nowhere").status_code == 200
    )  # the form itself names no school's data
    missing = client.post(
        "/report/nowhere", data=form | {"csrf_token": token(client, "/report/nowhere")}
    )
    assert missing.status_code == 404


def test_the_public_form_is_rate_limited(client: TestClient) -> None:
    form = {
        "kind": ConcernKind.MEDIA_CONTACT_OR_PAYMENT.value,
        "description": "x",
        "reporter_name": "A",
        "contact": "a@example.org",
    }
    codes = [
        client.post(
            "/report/brookfield", data=form | {"csrf_token": token(client, "/report/brookfield")}
        ).status_code
        for _ in range(31)
    ]
    assert codes[:30] == [200] * 30 and codes[30] == 429


def allegation(app: FastAPI, client: TestClient, about: str = "line-manager") -> int:
    """An allegation about a colleague, triaged by the DSL and referred to the LADO."""
    sign_in(client, "teacher")
    concern = report(
        client,
        kind=ConcernKind.POLICY_NOT_FOLLOWED.value,
        subject_kind=SubjectKind.COLLEAGUE.value,
        subject_account=account_id(app, f"{about}@brookfield-primary.example"),
        subject_name="",
    )
    sign_out(client)
    sign_in(client, "dsl")
    assert triage(client, concern, ("yes", "no", "no"), Route.ALLEGATION) == 303
    return concern


def refer(client: TestClient, concern: int) -> None:
    response = client.post(
        f"/concerns/{concern}/lado",
        data={"lado_reference": "L-1", "csrf_token": token(client, f"/concerns/{concern}")},
    )
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("outcome", "kept_until"),
    [("substantiated", "2049-03-14"), ("unfounded", "2049-03-14"), ("malicious", None)],
)
def test_an_outcome_sets_how_long_the_record_is_kept_and_the_purge_honours_it(
    app: FastAPI, client: TestClient, outcome: str, kept_until: str | None
) -> None:
    from datetime import date, timedelta

    from prudence.services.concerns import purge_due_records

    concern = allegation(app, client)
    refer(client, concern)
    response = client.post(
        f"/concerns/{concern}/outcome",
        data={
            "outcome": outcome,
            "pension_date": "2049-03-14",
            "csrf_token": token(client, f"/concerns/{concern}"),
        },
    )
    assert response.status_code == 303
    shown = page(client.get(f"/concerns/{concern}")).text
    if kept_until:
        assert "kept until 14 March 2049" in shown
    else:
        assert "comes off the person's file" in shown
    assert ("may be mentioned in references" in shown) is (outcome == "substantiated")
    sessions = app.state.office.sessions
    now = datetime.now(UTC)
    purged = purge_due_records(sessions, date.today(), now)
    assert bool(purged) is (kept_until is None)
    later = purge_due_records(sessions, date(2049, 3, 15), now)
    assert bool(later) is (kept_until is not None)
    assert client.get(f"/concerns/{concern}").status_code == 404
    assert [e.event for e in audit(app, "allegation.purged")] == ["allegation.purged"]
    _ = timedelta


def test_an_outcome_waits_for_the_lado_referral(app: FastAPI, client: TestClient) -> None:
    concern = allegation(app, client)
    response = client.post(
        f"/concerns/{concern}/outcome",
        data={
            "outcome": "false",
            "pension_date": "2049-03-14",
            "csrf_token": token(client, f"/concerns/{concern}"),
        },
    )
    assert response.status_code == 400 and "LADO first" in response.text


@pytest.mark.parametrize(("about", "told"), [("line-manager", {"head"}), ("head", set())])
def test_when_the_lado_clock_runs_out_the_head_and_chair_are_told(
    app: FastAPI, client: TestClient, about: str, told: set[str]
) -> None:
    from datetime import timedelta

    from prudence.school.people import Role
    from prudence.services.concerns import escalate_overdue, escalation_recipients
    from prudence.services.school_office import Where, add_account

    sessions = app.state.office.sessions
    school = account_id(app, "head@brookfield-primary.example")
    from prudence.adapters.database import AccountRecord

    with sessions() as session:
        school_id = session.get(AccountRecord, school).school_id
    add_account(
        sessions,
        school_id,
        "chair@brookfield-primary.example",
        "Chair",
        "chair-password-long",
        (Role.GOVERNOR, Role.CHAIR_OF_GOVERNORS),
        Where(None, "test", datetime.now(UTC)),
    )
    if about == "head":
        sign_in(client, "teacher")
        concern = report(
            client,
            kind=ConcernKind.POLICY_NOT_FOLLOWED.value,
            subject_kind=SubjectKind.COLLEAGUE.value,
            subject_account=school,
            subject_name="",
        )
        sign_out(client)
        client.post(
            "/sign-in",
            data={
                "email": "chair@brookfield-primary.example",
                "password": "chair-password-long",
                "csrf_token": token(client),
                "next": "/check",
            },
        )
        assert triage(client, concern, ("yes", "no", "no"), Route.ALLEGATION) == 303
    else:
        allegation(app, client, about)
    assert escalate_overdue(sessions, datetime.now(UTC)) == []  # not yet due
    later = datetime.now(UTC) + timedelta(days=6)
    ((school_of, reference, _),) = escalate_overdue(sessions, later)
    recipients = escalation_recipients(sessions, school_of, reference)
    expected = {f"{who}@brookfield-primary.example" for who in told | {"chair"}}
    assert set(recipients) == expected
    assert escalate_overdue(sessions, later) == []  # told once
    (entry,) = audit(app, "allegation.escalated")
    assert entry.subject == reference


def test_a_screenshot_is_attached_checked_and_opened_only_by_those_who_may(
    app: FastAPI, client: TestClient
) -> None:
    import io

    from PIL import Image
    from skimage import data

    sign_in(client, "teacher")
    concern = report(client)
    photo = io.BytesIO()
    Image.fromarray(data.astronaut()).save(photo, format="PNG")
    response = client.post(
        f"/concerns/{concern}/evidence",
        data={"csrf_token": token(client, f"/concerns/{concern}")},
        files={"file": ("screenshot.png", photo.getvalue(), "image/png")},
    )
    assert response.status_code == 303
    shown = page(client.get(f"/concerns/{concern}"))
    link = shown.select_one("a[href*='/evidence/']")
    assert link is not None and "1 face" in shown.text
    assert client.get(str(link["href"])).content == photo.getvalue()
    refused = client.post(
        f"/concerns/{concern}/evidence",
        data={"csrf_token": token(client, f"/concerns/{concern}")},
        files={"file": ("notes.txt", b"hello", "text/plain")},
    )
    assert refused.status_code == 400
    sign_out(client)
    sign_in(client, "line-manager")
    assert client.get(str(link["href"])).status_code == 404
    assert [e.detail["file"] for e in audit(app, "evidence.read")] == ["screenshot.png"]


def test_the_chronology_and_the_lado_export_tell_the_story(
    app: FastAPI, client: TestClient
) -> None:
    concern = allegation(app, client)
    shown = page(client.get(f"/concerns/{concern}"))
    events = [li.text for li in shown.select(".chronology li")]
    assert any("concern was reported" in e for e in events)
    assert any("triaged" in e for e in events)
    export = client.get(f"/concerns/{concern}/lado-referral.txt")
    assert export.status_code == 200 and "text/plain" in export.headers["content-type"]
    text = export.text
    assert "Referral to the LADO from Brookfield Primary School" in text
    assert "has harmed, or may have harmed, a child: yes" in text
    assert "To reach the LADO by:" in text
    (entry,) = audit(app, "concern.exported_for_lado")
    assert entry.actor == "dsl@brookfield-primary.example"


def test_a_subject_access_export_withholds_other_peoples_names(
    app: FastAPI, client: TestClient
) -> None:
    import json as json_module

    sign_in(client, "teacher")
    report(
        client,
        kind=ConcernKind.POLICY_NOT_FOLLOWED.value,
        description="Jo Evans told Harry Okafor's mum about the staffing changes.",
        subject_kind=SubjectKind.COLLEAGUE.value,
        subject_account=account_id(app, "line-manager@brookfield-primary.example"),
        subject_name="",
    )
    sign_out(client)
    sign_in(client, "admin")
    response = client.get(
        "/people/subject-access", params={"email": "line-manager@brookfield-primary.example"}
    )
    assert response.status_code == 200
    export = json_module.loads(response.text)
    (concern,) = export["concerns"]
    assert concern["you_are"] == "the person it is about"
    assert concern["reported_by"] == "[withheld: another person]"
    assert "Harry" not in concern["what_happened"] and "Jo Evans" in concern["what_happened"]
    requested = date.fromisoformat(export["requested_on"])
    from prudence.services.subject_access import due_by

    assert due_by(date(2027, 1, 31)) == date(2027, 2, 28)
    assert export["due_by"] == due_by(requested).isoformat()
    assert [e.subject for e in audit(app, "subject_access.exported")] == [
        "line-manager@brookfield-primary.example"
    ]
    assert (
        client.get("/people/subject-access", params={"email": "nobody@x.example"}).status_code
        == 404
    )


def test_a_concern_is_emailed_to_whoever_triages_it_by_reference_only(mailed_app) -> None:  # type: ignore[no-untyped-def]
    app, inbox = mailed_app
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        sign_in(client, "teacher")
        report(client, description="Harry Okafor sent me a friend request on Instagram.")
    (sender, recipients, content) = inbox.messages[0]
    assert recipients == ["deputy-dsl@brookfield-primary.example", "dsl@brookfield-primary.example"]
    assert (
        "A concern has been reported: C-" in content and "designated safeguarding lead" in content
    )
    assert "Harry" not in content and "Instagram" not in content


def test_what_was_pasted_in_the_checker_can_be_reported_as_a_concern(client: TestClient) -> None:
    sign_in(client, "teacher")
    response = client.post(
        "/concerns/draft",
        data={"text": "hiii miss can u add me on snap x", "csrf_token": token(client, "/check")},
    )
    assert response.status_code == 200
    box = page(response).select_one("#description")
    assert box is not None and box.text == "hiii miss can u add me on snap x"


def test_a_parent_follows_up_with_the_reference_and_learns_only_the_status(
    client: TestClient,
) -> None:
    form = {
        "kind": ConcernKind.COLLEAGUE_TARGETED_ONLINE.value,
        "description": "Someone is posting lies about a teacher.",
        "reporter_name": "Ola Quinn",
        "contact": "ola@example.org",
        "csrf_token": token(client, "/report/brookfield"),
    }
    reference = page(client.post("/report/brookfield", data=form)).select_one("#reference")
    assert reference is not None

    def ask(ref: str, contact: str) -> tuple[int, str]:
        response = client.post(
            "/report/brookfield/follow-up",
            data={
                "reference": ref,
                "contact": contact,
                "csrf_token": token(client, "/report/brookfield/follow-up"),
            },
        )
        shown = page(response).select_one("#status")
        return response.status_code, shown.text if shown else ""

    assert ask(reference.text, "ola@example.org") == (
        200,
        "received: the school will look at it within its usual working hours",
    )
    assert (
        ask(reference.text, "someone@else.example")[0] == 404
    )  # the reference alone is not enough
    assert ask("C-XXXXXXXX", "ola@example.org")[0] == 404
