"""School channels in the web app (Section 5), on SQLite and PostgreSQL: the register, publishers
with undertakings, and posts that pass the checker and an approver before publication."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import sign_in, token
from tests.web.test_concerns import account_id, sign_out
from tests.web.test_web_app import audit, page


def setup_channel(app: FastAPI, client: TestClient, safeguards: bool = True) -> None:
    sign_in(client, "head")
    client.post(
        "/channels",
        data={
            "platform": "Class blog",
            "address": "https://www.brookfield-primary.example/blog",
            "password_protected": "yes" if safeguards else "",
            "run_from_school_website": "yes",
            "csrf_token": token(client, "/channels"),
        },
    )
    client.post(
        "/channels/publishers",
        data={
            "account": str(account_id(app, "teacher@brookfield-primary.example")),
            "undertaking": date.today().isoformat(),
            "csrf_token": token(client, "/channels"),
        },
    )
    sign_out(client)


def write(client: TestClient, text: str) -> int:
    response = client.post(
        "/channels/posts",
        data={
            "channel": first_channel(client),
            "audience": "parents",
            "text": text,
            "csrf_token": token(client, "/channels"),
        },
    )
    return response.status_code


def first_channel(client: TestClient) -> str:
    option = page(client.get("/channels")).select_one("#channel option")
    assert option is not None
    return str(option["value"])


def post_ids(client: TestClient) -> list[int]:
    return [
        int(s["aria-labelledby"].split("-")[1])
        for s in page(client.get("/channels")).select("section.finding")
    ]  # type: ignore[union-attr]


def step(client: TestClient, post: int, name: str, **extra: str) -> int:
    data = {"step": name, "csrf_token": token(client, "/channels")} | extra
    return client.post(f"/channels/posts/{post}", data=data).status_code


@pytest.mark.clause("5.1.1")
def test_a_post_is_checked_approved_by_someone_else_then_published_and_a_breach_suspends(
    app: FastAPI, client: TestClient
) -> None:
    setup_channel(app, client)
    sign_in(client, "teacher")
    assert (
        write(client, "Year 4 had a brilliant trip to the castle today. Thank you to our helpers!")
        == 303
    )
    (post,) = post_ids(client)
    assert step(client, post, "approved") == 400  # not the author, and not a colleague's to approve
    sign_out(client)
    sign_in(client, "head")
    assert step(client, post, "approved") == 303
    assert step(client, post, "published") == 303
    assert step(client, post, "removed", reason="") == 400  # the reasons are recorded
    assert step(client, post, "removed", reason="Named a pupil without consent") == 303
    shown = page(client.get("/channels")).text
    assert "rights suspended" in shown and "Named a pupil without consent" in shown
    sign_out(client)
    sign_in(client, "teacher")
    assert write(client, "Reminder: PE kits on Monday") == 400  # suspended publishers cannot post
    assert [e.event for e in audit(app, "channel.post_removed")] == ["channel.post_removed"]


@pytest.mark.clause("5.1.2")
def test_a_post_the_checker_blocks_cannot_be_approved_until_reworded(
    app: FastAPI, client: TestClient
) -> None:
    setup_channel(app, client)
    sign_in(client, "teacher")
    write(client, "Text me on 07700 900123 if your child needs homework help")
    (post,) = post_ids(client)
    assert "the checker said block" in page(client.get("/channels")).text
    sign_out(client)
    sign_in(client, "head")
    assert step(client, post, "approved") == 400
    sign_out(client)
    sign_in(client, "teacher")
    assert step(client, post, "revise", text="Homework help: ask at the school office.") == 303
    sign_out(client)
    sign_in(client, "head")
    assert step(client, post, "approved") == 303
    sign_out(client)
    sign_in(client, "teacher")  # rewording an approved post cancels the approval
    assert (
        step(client, post, "revise", text="Homework help: ask your class teacher or the office.")
        == 303
    )
    assert "checked" in page(client.get("/channels")).select_one("section.finding h3").text  # type: ignore[union-attr]


@pytest.mark.clause("5.1.3")
def test_a_channel_without_its_safeguards_cannot_carry_posts(
    app: FastAPI, client: TestClient
) -> None:
    setup_channel(app, client, safeguards=False)
    sign_in(client, "teacher")
    assert "Not usable" in page(client.get("/channels")).text
    assert write(client, "Our sponsored walk raised £420!") == 400
