"""The web app on both databases: SQLite in a temporary folder and the PostgreSQL server here.

With CI=true a PostgreSQL that cannot be reached fails the run instead of skipping.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from prudence.adapters.profile_files import load_profile
from prudence.adapters.text_files import read_text
from prudence.config import Settings
from prudence.school.people import Role
from prudence.services.demo import DEMO_PROFILE_PATH, seed_demo
from prudence.services.school_office import Where, add_account, create_school
from prudence.web.app import create_app
from tests.conftest import FIXTURES

POSTGRES = os.environ.get("PRUDENCE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")
OTHER_SCHOOL_HEAD = ("head@oakfield.example", "oakfield-head-password")


def _postgres_database() -> Iterator[str]:
    import psycopg

    name = f"prudence_test_{uuid.uuid4().hex[:12]}"
    admin = POSTGRES.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL cannot be reached at {POSTGRES}: {error}")
        pytest.skip(f"PostgreSQL cannot be reached at {POSTGRES}: {error}")
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'prudence.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    settings = Settings(
        data_dir=tmp_path,
        database_url=database_url,
        secret_key="a-test-secret-that-is-long-enough-for-sessions",
    )
    web = create_app(settings, immediate_tasks=True)  # the queue's own test runs a consumer
    sessions = web.state.office.sessions
    now = datetime.now(UTC)
    seed_demo(sessions, DEMO_PROFILE_PATH, now)
    # A second school in the same deployment, to prove neither sees the other's data.
    oakfield = FIXTURES / "schools" / "oakfield" / "profile.yaml"
    profile = load_profile(oakfield)
    rosters = {"pupils": read_text(oakfield.parent / (profile.files.pupils or "pupils.csv"))}
    school = create_school(sessions, "oakfield", profile, rosters, now)
    add_account(
        sessions,
        school,
        OTHER_SCHOOL_HEAD[0],
        "Oakfield Head",
        OTHER_SCHOOL_HEAD[1],
        (Role.HEADTEACHER, Role.COLLEAGUE),
        Where(None, "test", now),
    )
    yield web
    web.state.office.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as test_client:
        yield test_client


def token(client: TestClient, path: str = "/sign-in") -> str:
    """The CSRF token of the form on a page."""
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no form token on {path}"
    return found.group(1)


def sign_in(client: TestClient, key: str) -> TestClient:
    """Signs in as a demo account (head, dsl, teacher, governor…) or as Oakfield's head."""
    if key == "oakfield-head":
        email, password = OTHER_SCHOOL_HEAD
    else:
        email, password = f"{key}@brookfield-primary.example", f"demo-{key}-password"
    response = client.post(
        "/sign-in",
        data={"email": email, "password": password, "csrf_token": token(client), "next": "/check"},
    )
    assert response.status_code == 303, response.text
    return client


class Inbox:
    """A real SMTP server on a free local port (aiosmtpd) that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


@pytest.fixture
def mailed_app(database_url: str, tmp_path: Path) -> Iterator[tuple[FastAPI, Inbox]]:
    """The app with its notifications going to a local SMTP server, run at once."""
    import socket

    from aiosmtpd.controller import Controller

    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    settings = Settings(
        data_dir=tmp_path / "mail",
        database_url=database_url,
        secret_key="a-test-secret-that-is-long-enough-for-sessions",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        mail_from="prudence@brookfield-primary.example",
    )
    web = create_app(settings, immediate_tasks=True)
    seed_demo(web.state.office.sessions, DEMO_PROFILE_PATH, datetime.now(UTC))
    try:
        yield web, inbox
    finally:
        smtp.stop()
        web.state.office.engine.dispose()
