"""Sign-in with the school's Microsoft 365 or Google Workspace, through OpenID Connect (Authlib)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from prudence.school.people import Permission
from prudence.services.school_office import (
    Refused,
    SingleSignOn,
    Where,
    configure_single_sign_on,
    school_settings,
    sign_in_by_provider,
    single_sign_ons,
)
from prudence.web.app import Office, render
from prudence.web.deps import OfficeDep, WhereDep, needs, origin
from prudence.web.security import check_csrf

router = APIRouter()


def _client(office: Office, sso: SingleSignOn) -> StarletteOAuth2App:
    """An Authlib client for the school's provider, registered once per configuration."""
    registry: OAuth = office.oauth
    name = f"{sso.slug}-{hash((sso.issuer, sso.client_id, sso.client_secret)) & 0xFFFFFFFF:x}"
    client = registry.create_client(name)
    if client is None:
        client = registry.register(
            name,
            client_id=sso.client_id,
            client_secret=sso.client_secret,
            server_metadata_url=sso.metadata_url,
            client_kwargs={"scope": "openid email profile"},
        )
    return client


def _find(office: Office, slug: str) -> SingleSignOn:
    found = next((s for s in single_sign_ons(office.sessions) if s.slug == slug), None)
    if found is None:
        raise HTTPException(404, "This school does not sign in through its own accounts.")
    return found


@router.get("/sign-in/with/{slug}", include_in_schema=False)
async def start(request: Request, office: OfficeDep, slug: str) -> Response:
    sso = _find(office, slug)
    callback = str(request.url_for("single_sign_on_callback", slug=slug))
    response: Response = await _client(office, sso).authorize_redirect(request, callback)
    return response


@router.get(
    "/sign-in/with/{slug}/callback", include_in_schema=False, name="single_sign_on_callback"
)
async def callback(request: Request, office: OfficeDep, slug: str) -> Response:
    sso = _find(office, slug)
    where = Where(None, origin(request), datetime.now(UTC))
    try:
        token = await _client(office, sso).authorize_access_token(request)
    except OAuthError as error:
        return render(
            request,
            "sign_in.html",
            401,
            next="/check",
            email="",
            errors=[("email", f"{sso.provider} did not sign you in ({error.error})")],
            providers=single_sign_ons(office.sessions),
        )
    claims = token.get("userinfo") or {}
    email = claims.get("email") or claims.get("preferred_username")
    # Microsoft's work accounts carry no email_verified claim; the tenant itself vouches for them.
    verified = bool(claims.get("email_verified", sso.provider == "Microsoft 365"))
    account = sign_in_by_provider(office.sessions, slug, email, verified, where)
    if account is None:
        who = email or "you"
        refusal = f"There is no Prudence account for {who} at {sso.school_name}."
        return render(
            request,
            "sign_in.html",
            401,
            next="/check",
            email="",
            errors=[("email", refusal + " Ask the school's administrator to add you")],
            providers=single_sign_ons(office.sessions),
        )
    request.session.clear()
    request.session["account"] = account.id
    return RedirectResponse("/check", 303)


@router.post(
    "/settings/single-sign-on",
    include_in_schema=False,
    dependencies=[Depends(check_csrf), needs(Permission.EDIT_SETTINGS)],
)
def configure(
    request: Request,
    office: OfficeDep,
    where: WhereDep,
    provider: Annotated[str, Form(max_length=40)] = "",
    issuer: Annotated[str, Form(max_length=300)] = "",
    client_id: Annotated[str, Form(max_length=300)] = "",
    client_secret: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    assert where.account is not None
    current = school_settings(office.sessions, where.account.school_id)
    try:
        configure_single_sign_on(office.sessions, provider, issuer, client_id, client_secret, where)
    except Refused as error:
        return render(
            request,
            "settings.html",
            400,
            account=where.account,
            s=current,
            errors=[("issuer", str(error))],
            saved=None,
        )
    return render(
        request,
        "settings.html",
        account=where.account,
        s=current,
        errors=[],
        saved=["single sign-on"],
    )
