"""A living policy in the web app, on SQLite and PostgreSQL: versions published and compared,
and everyone's acknowledgement of the one in force."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from prudence.services.living_policy import acknowledgement_reminders
from tests.conftest import FIXTURES
from tests.web.conftest import sign_in, token
from tests.web.test_concerns import sign_out
from tests.web.test_web_app import audit, page


def publish(
    client: TestClient, material: str = "yes", note: str = "", **files: tuple[str, bytes, str]
) -> int:
    data = {"material": material, "note": note, "csrf_token": token(client, "/policy/versions")}
    response = client.post("/policy/versions", data=data, files=files or None)
    return response.status_code


def change_lado_contact(client: TestClient, contact: str) -> None:
    me = client.get("/api/me").json()
    settings = client.get("/api/settings").json() | {"lado_contact": contact}
    assert (
        client.put(
            "/api/settings", json=settings, headers={"X-CSRF-Token": me["csrf_token"]}
        ).status_code
        == 200
    )


@pytest.mark.clause("2.3-induction")
def test_everyone_acknowledges_the_version_in_force_and_a_material_change_asks_again(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "head")
    assert publish(client, note="First adoption") == 303
    sign_out(client)
    sign_in(client, "teacher")
    policy = page(client.get("/policy"))
    assert "Version 1" in policy.text
    assert (
        client.post(
            "/policy/acknowledge", data={"csrf_token": token(client, "/policy")}
        ).status_code
        == 303
    )
    assert "You have acknowledged this version" in client.get("/policy").text
    sign_out(client)

    sign_in(client, "head")
    change_lado_contact(client, "Westshire LADO service, 01632 960001")
    assert publish(client, material="no", note="The LADO's new number") == 303
    change_lado_contact(client, "Westshire LADO team, 01632 960002")
    assert publish(client, material="yes", note="New LADO arrangements") == 303
    difference = page(client.get("/policy/versions/difference?old=1&new=2"))
    assert [i.text for i in difference.select("ins")] and [d.text for d in difference.select("del")]
    sign_out(client)

    sign_in(client, "teacher")
    assert "I have read version 3" in client.get("/policy").text  # material: asked again
    sign_out(client)
    assert [e.subject for e in audit(app, "policy.published")] == [
        "version 1",
        "version 2",
        "version 3",
    ]


def test_a_correction_keeps_acknowledgements_valid(client: TestClient) -> None:
    sign_in(client, "head")
    publish(client)
    sign_out(client)
    sign_in(client, "teacher")
    client.post("/policy/acknowledge", data={"csrf_token": token(client, "/policy")})
    sign_out(client)
    sign_in(client, "head")
    change_lado_contact(client, "Westshire LADO service, 01632 960009")
    assert publish(client, material="no", note="A corrected phone number") == 303
    assert publish(client, material="yes", note="Nothing changed") == 400  # identical: refused
    sign_out(client)
    sign_in(client, "teacher")
    assert "You have acknowledged this version" in client.get("/policy").text


def test_the_school_publishes_its_own_document_after_its_health_check(client: TestClient) -> None:
    sign_in(client, "head")
    document = (FIXTURES / "policies" / "oakfield.txt").read_bytes()
    first = client.post(
        "/policy/versions",
        data={
            "material": "yes",
            "note": "Our own",
            "csrf_token": token(client, "/policy/versions"),
        },
        files={"document": ("oakfield.txt", document, "text/plain")},
    )
    if first.status_code == 400:  # problems found: they are listed, and can be overridden
        assert "What the health check found" in first.text
        first = client.post(
            "/policy/versions",
            data={
                "material": "yes",
                "note": "Our own",
                "despite_problems": "yes",
                "csrf_token": token(client, "/policy/versions"),
            },
            files={"document": ("oakfield.txt", document, "text/plain")},
        )
    assert first.status_code == 303
    policy = page(client.get("/policy"))
    numbers = [n.text for n in policy.select(".clause .number")]
    assert "3.2" in numbers  # the school's own numbering
    bad = client.post(
        "/policy/versions",
        data={"material": "yes", "csrf_token": token(client, "/policy/versions")},
        files={"document": ("policy.exe", b"MZ", "application/octet-stream")},
    )
    assert bad.status_code == 400 and "Word" in bad.text


def test_coverage_by_group_and_weekly_reminders_skip_people_on_leave(
    app: FastAPI, client: TestClient
) -> None:
    from sqlalchemy import update

    from prudence.adapters.database import AccountRecord

    sign_in(client, "head")
    publish(client)
    client.post("/policy/acknowledge", data={"csrf_token": token(client, "/policy")})
    shown = page(client.get("/people/acknowledgements"))
    assert "1 of 8 people have acknowledged it" in shown.text
    outstanding = [li.text for li in shown.select("li")]
    assert any("Sam Carter" in item for item in outstanding)
    sessions = app.state.office.sessions
    with sessions.begin() as session:
        session.execute(
            update(AccountRecord)
            .where(AccountRecord.email == "hr@brookfield-primary.example")
            .values(on_leave=True)
        )
    reminded = {email for email, _ in acknowledgement_reminders(sessions, date.today())}
    assert "teacher@brookfield-primary.example" in reminded
    assert "hr@brookfield-primary.example" not in reminded  # on leave
    assert "head@brookfield-primary.example" not in reminded  # acknowledged
    assert acknowledgement_reminders(sessions, date.today() + timedelta(days=3)) == []
    assert acknowledgement_reminders(sessions, date.today() + timedelta(days=8))


def test_the_policy_is_edited_in_the_app_health_checked_and_published(client: TestClient) -> None:
    sign_in(client, "head")
    publish(client, note="First adoption")
    versions = page(client.get("/policy/versions"))
    box = versions.select_one("textarea#text")
    original = versions.select_one("input[name=original]")
    assert box is not None and original is not None and "4.1.8" in box.text
    edited = box.text + "\n\n6 Our own addition\nStaff phones stay in lockers during lessons."
    response = client.post(
        "/policy/versions",
        data={
            "text": edited.replace("\n", "\r\n"),  # as a browser sends it
            "original": str(original["value"]),
            "material": "yes",
            "note": "Phones in lockers",
            "csrf_token": token(client, "/policy/versions"),
        },
    )
    if (
        response.status_code == 400
    ):  # the model's text carries its own placeholders: say so, then go on
        assert "What the health check found" in response.text
        response = client.post(
            "/policy/versions",
            data={
                "text": edited,
                "original": str(original["value"]),
                "material": "yes",
                "note": "Phones in lockers",
                "despite_problems": "yes",
                "csrf_token": token(client, "/policy/versions"),
            },
        )
    assert response.status_code == 303
    difference = page(client.get("/policy/versions/difference?old=1&new=2"))
    assert "lockers" in difference.text
    untouched = client.post(
        "/policy/versions",
        data={
            "text": edited.replace("\n", "\r\n"),
            "original": edited,
            "material": "no",
            "note": "x",
            "csrf_token": token(client, "/policy/versions"),
        },
    )
    assert untouched.status_code == 303  # left as it was: the model policy is published instead
