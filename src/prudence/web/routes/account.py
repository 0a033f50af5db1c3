"""Signing in and out, and the home page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from prudence.services.school_office import Where, record_sign_out, sign_in, single_sign_ons
from prudence.web.app import render
from prudence.web.deps import CurrentAccount, OfficeDep, origin
from prudence.web.security import check_csrf

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an address elsewhere (an open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/check"
    return urlparse(target).path or "/check"


@router.get("/", include_in_schema=False)
def home(request: Request) -> Response:
    return RedirectResponse("/check" if request.session.get("account") else "/sign-in", 303)


@router.get("/sign-in", include_in_schema=False)
def sign_in_page(request: Request, next: str | None = None) -> Response:
    return render(
        request,
        "sign_in.html",
        next=_safe_next(next),
        errors=[],
        email="",
        providers=single_sign_ons(request.app.state.office.sessions),
    )


@router.post("/sign-in", include_in_schema=False, dependencies=[Depends(check_csrf)])
def sign_in_form(
    request: Request,
    office: OfficeDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=500)] = "/check",
) -> Response:
    where = Where(None, origin(request), datetime.now(UTC))
    errors = []
    if not email.strip():
        errors.append(("email", "Enter your email address"))
    if not password:
        errors.append(("password", "Enter your password"))
    if not errors and not office.limits.sign_in_allowed(where.origin or "unknown"):
        errors.append(("email", "Too many attempts. Wait a minute, then try again"))
        status = 429
    else:
        status = 400
    if not errors:
        account = sign_in(office.sessions, email, password, where)
        if account is not None:
            request.session.clear()  # a new session on sign-in: no fixation
            request.session["account"] = account.id
            return RedirectResponse(_safe_next(next), 303)
        office.limits.sign_in_failed(where.origin or "unknown")
        errors.append(("email", "The email address or password is not right"))
        status = 401
    return render(
        request,
        "sign_in.html",
        status,
        next=_safe_next(next),
        errors=errors,
        email=email,
        providers=single_sign_ons(office.sessions),
    )


@router.post("/sign-out", include_in_schema=False, dependencies=[Depends(check_csrf)])
def sign_out(request: Request, office: OfficeDep, account: CurrentAccount) -> Response:
    record_sign_out(office.sessions, Where(account, origin(request), datetime.now(UTC)))
    request.session.clear()
    return RedirectResponse("/sign-in", 303)
