"""Declarations in the web app, on SQLite and PostgreSQL: a colleague declares, the lead decides
with conditions and a review date, and both are reminded before the review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from prudence.cases.declarations import DeclarationKind, Verdict
from prudence.services.declarations import reviews_to_remind
from tests.web.conftest import sign_in, token
from tests.web.test_concerns import sign_out
from tests.web.test_web_app import audit, page


def declare(client: TestClient, **fields: str) -> int:
    data = {
        "kind": DeclarationKind.RELATED_TO_PUPIL.value,
        "pupil_name": "Isla Patel",
        "details": "Isla is my niece; her mother is my sister.",
        "csrf_token": token(client, "/declarations"),
    } | fields
    return client.post("/declarations", data=data).status_code


def decide(client: TestClient, declaration: int, **fields: str) -> int:
    data = {
        "verdict": Verdict.APPROVED_WITH_CONDITIONS.value,
        "reasons": "Family relationship; no teaching role with Isla's class.",
        "conditions": "No private messages to Isla about school\nDeclare any change",
        "review_on": (date.today() + timedelta(days=10)).isoformat(),
        "csrf_token": token(client, "/declarations"),
    } | fields
    return client.post(f"/declarations/{declaration}/decision", data=data).status_code


@pytest.mark.clause("2.3")
def test_a_colleague_declares_a_relative_and_the_dsl_approves_with_conditions(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "teacher")
    assert declare(client, pupil_name="") == 400  # a relative is named
    assert declare(client) == 303
    mine = page(client.get("/declarations"))
    assert "Isla Patel" in mine.text and mine.select("form[action$='/decision']") == []
    sign_out(client)
    sign_in(client, "dsl")
    listing = page(client.get("/declarations"))
    form = listing.select_one("form[action$='/decision']")
    assert form is not None
    declaration = int(form["action"].split("/")[2])  # type: ignore[union-attr]
    assert decide(client, declaration, conditions="") == 400  # an approval sets conditions
    assert decide(client, declaration) == 303
    after = page(client.get("/declarations")).text
    assert "Approved with conditions" in after and "No private messages to Isla" in after
    (entry,) = audit(app, "declaration.decided")
    assert entry.detail["verdict"] == "approved with conditions"


@pytest.mark.clause("4.1.3")
def test_the_lead_and_the_colleague_are_reminded_before_the_review_once_a_week(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "teacher")
    declare(
        client,
        kind=DeclarationKind.CONTACT_WITH_RECENT_PUPIL.value,
        pupil_name="Ruby Hale",
        details="I coached Ruby at swimming before she left; her parents asked me to carry on.",
    )
    sign_out(client)
    sign_in(client, "dsl")
    form = page(client.get("/declarations")).select_one("form[action$='/decision']")
    declaration = int(form["action"].split("/")[2])  # type: ignore[index, union-attr]
    assert (
        decide(client, declaration, review_on=(date.today() + timedelta(days=30)).isoformat())
        == 303
    )
    sessions = app.state.office.sessions
    assert reviews_to_remind(sessions, date.today()) == []  # a month away: not yet
    soon = date.today() + timedelta(days=20)
    ((recipients, about, review_on),) = reviews_to_remind(sessions, soon)
    assert recipients == [
        "deputy-dsl@brookfield-primary.example",
        "dsl@brookfield-primary.example",
        "teacher@brookfield-primary.example",
    ]
    assert "Sam Carter" in about and review_on == date.today() + timedelta(days=30)
    assert reviews_to_remind(sessions, soon + timedelta(days=3)) == []  # not every day
    assert len(reviews_to_remind(sessions, soon + timedelta(days=8))) == 1


def test_only_the_lead_decides_and_only_at_their_school(client: TestClient) -> None:
    sign_in(client, "teacher")
    declare(client)
    sign_out(client)
    sign_in(client, "head")  # the settings name the DSL, not the headteacher
    assert page(client.get("/declarations")).select_one("form[action$='/decision']") is None
    sign_out(client)
    sign_in(client, "dsl")
    form = page(client.get("/declarations")).select_one("form[action$='/decision']")
    declaration = int(form["action"].split("/")[2])  # type: ignore[index, union-attr]
    sign_out(client)
    sign_in(client, "oakfield-head")
    assert "Isla" not in client.get("/declarations").text
    assert decide(client, declaration) == 400
