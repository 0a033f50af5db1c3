"""Protection every page gets: CSRF tokens, security headers and rate limits."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request
from limits import RateLimitItemPerMinute, storage, strategies
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import Response

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class SecurityHeaders(BaseHTTPMiddleware):
    """A strict Content-Security-Policy and the headers that go with it, on every response."""

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.url.path.startswith(("/api/", "/sign-in", "/check", "/advice")):
            response.headers["Cache-Control"] = "no-store"
        return response


def csrf_token(request: Request) -> str:
    """This session's token, made on first use; every form carries it back."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuses a state-changing request whose token (form field or header) is not the session's."""
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise HTTPException(
            403,
            "The form has expired or did not come from Prudence. Reload the page and try again.",
        )


class RateLimits:
    """Moving-window limits per client address: in memory, or in Redis across machines."""

    def __init__(self, redis_url: str | None) -> None:
        backend = storage.storage_from_string(redis_url or "memory://")
        self._limiter = strategies.MovingWindowRateLimiter(backend)
        self._sign_in = RateLimitItemPerMinute(10)
        self._public = RateLimitItemPerMinute(30)

    def sign_in_allowed(self, origin: str) -> bool:
        """False once an address has failed to sign in 10 times in a minute."""
        return self._limiter.test(self._sign_in, "sign-in", origin)

    def sign_in_failed(self, origin: str) -> None:
        self._limiter.hit(self._sign_in, "sign-in", origin)

    def public_form(self, origin: str) -> bool:
        return self._limiter.hit(self._public, "public", origin)
