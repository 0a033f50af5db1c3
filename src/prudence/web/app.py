"""The application factory: `create_app(settings)` wires the database, sessions and routes."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from authlib.integrations.starlette_client import OAuth
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from prudence.adapters.database import make_engine, migrate, session_factory
from prudence.adapters.tasks import TaskQueue
from prudence.config import Settings
from prudence.services.checking import PostChecker, checker_for
from prudence.services.school_office import Sessions, school_profile
from prudence.web.security import RateLimits, SecurityHeaders, csrf_token

HERE = Path(__file__).resolve().parent
VENDOR = Path(__file__).resolve().parents[3] / "node_modules"


@dataclass
class Office:
    """What every request may need: settings, the database and the per-school checkers."""

    settings: Settings
    engine: Engine
    sessions: Sessions
    limits: RateLimits
    tasks: TaskQueue
    checkers: dict[int, PostChecker]
    oauth: OAuth

    def checker(self, school_id: int, today: date) -> PostChecker:
        """The school's checker, built once and rebuilt when its people or settings change."""
        cached = self.checkers.get(school_id)
        if cached is None or cached.context.today != today:
            cached = checker_for(school_profile(self.sessions, school_id), Path(), today)
            self.checkers[school_id] = cached
        return cached

    def forget_checker(self, school_id: int) -> None:
        self.checkers.pop(school_id, None)


def _schedule_case_work(office: Office) -> None:
    """The clocks that run without anyone asking: the LADO deadline and record retention."""
    from huey import crontab

    from prudence.services.concerns import (
        escalate_overdue,
        escalation_recipients,
        purge_due_records,
    )
    from prudence.services.declarations import reviews_to_remind
    from prudence.services.living_policy import acknowledgement_reminders

    def check_lado_clocks() -> None:
        for school_id, reference, deadline in escalate_overdue(office.sessions, datetime.now(UTC)):
            office.tasks.email(
                escalation_recipients(office.sessions, school_id, reference),
                f"Overdue: allegation {reference} has not reached the LADO",
                f"The allegation {reference} should have been referred to the LADO by "
                f"{deadline.astimezone(ZoneInfo('Europe/London')):%A %d %B at %H:%M}. "
                f"Refer it now and record the referral: {office.settings.base_url}/concerns\n",
            )

    def purge() -> None:
        purge_due_records(office.sessions, date.today(), datetime.now(UTC))

    def remind_reviews() -> None:
        for recipients, about, review_on in reviews_to_remind(office.sessions, date.today()):
            office.tasks.email(
                recipients,
                f"A declaration is due for review by {review_on:%d %B %Y}",
                f"{about} is due for review by {review_on:%A %d %B %Y}.\n\n"
                f"Sign in to review it: {office.settings.base_url}/declarations\n",
            )

    def remind_acknowledgements() -> None:
        for email, version in acknowledgement_reminders(office.sessions, date.today()):
            office.tasks.email(
                [email],
                "Please read and acknowledge the school's social media policy",
                f"Version {version} of the school's Social Media and Networking Policy is in "
                f"force and you have not yet acknowledged it.\n\n"
                f"Read it and acknowledge it here: {office.settings.base_url}/policy\n",
            )

    office.tasks.every(crontab(minute="*/10"), check_lado_clocks, "check-lado-clocks")
    office.tasks.every(
        crontab(minute="0", hour="8"), remind_acknowledgements, "remind-acknowledgements"
    )
    office.tasks.every(crontab(minute="0", hour="7"), remind_reviews, "remind-declaration-reviews")
    office.tasks.every(crontab(minute="30", hour="2"), purge, "purge-expired-records")


def _secret(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret.key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), "utf-8")
        path.chmod(0o600)
    return path.read_text("utf-8").strip()


@lru_cache
def vendor_script(name: str) -> Path | None:
    """A front-end package's script from node_modules, when npm installed it."""
    candidate = VENDOR / name
    return candidate if candidate.is_file() else None


def create_app(settings: Settings, immediate_tasks: bool = False) -> FastAPI:
    """The app; `immediate_tasks` runs background work at once, in the request (for tests)."""
    engine = make_engine(settings.resolved_database_url())
    migrate(engine)
    tasks = TaskQueue(settings, immediate=immediate_tasks)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        tasks.start_consumer()
        try:
            yield
        finally:
            tasks.stop_consumer()
            engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="Prudence",
        summary="A school's Social Media and Networking Policy as working software.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.office = Office(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        limits=RateLimits(settings.redis_url),
        tasks=tasks,
        checkers={},
        oauth=OAuth(),
    )
    _schedule_case_work(app.state.office)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["csrf_token"] = csrf_token
    templates.env.globals["zip"] = zip
    templates.env.globals["london"] = ZoneInfo("Europe/London")
    templates.env.globals["htmx"] = vendor_script("htmx.org/dist/htmx.min.js") is not None
    app.state.templates = templates
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        SessionMiddleware,
        secret_key=_secret(settings),
        session_cookie="prudence_session",
        max_age=8 * 60 * 60,
        same_site="lax",
        https_only=settings.secure_cookies,
    )

    @app.get("/static/vendor/htmx.min.js", include_in_schema=False)
    def htmx_script() -> Response:
        script = vendor_script("htmx.org/dist/htmx.min.js")
        if script is None:
            return Response(status_code=404)
        return Response(script.read_bytes(), media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    from prudence.web.routes import (
        account,
        channels,
        checker,
        concerns,
        declarations,
        governors,
        health,
        living_policy,
        people,
        policy,
        school,
        single_sign_on,
    )

    modules = (health, account, checker, policy, people, school, single_sign_on, concerns)
    for module in (*modules, declarations, living_policy, channels, governors):
        app.include_router(module.router)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/healthz":
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        if error.status_code == 401:
            return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": error.status_code, "message": _said(error)},
            status_code=error.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = [
            {"where": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]}
            for e in error.errors()
        ]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": problems}, status_code=422)
        message = "; ".join(f"{p['where']}: {p['problem']}" for p in problems)
        return templates.TemplateResponse(
            request, "error.html", {"status": 422, "message": message}, status_code=422
        )

    return app


def _said(error: HTTPException) -> str:
    if error.status_code == 404:
        return "There is no page at this address. Check the address, or start again."
    return str(error.detail)


def as_sentence(text: str) -> str:
    """A message from below as a sentence: its first letter capitalised, the rest as written
    (str.capitalize would turn "LADO" into "lado")."""
    return text[:1].upper() + text[1:]


def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status)
