"""The school's settings and logo, reporting a concern, requests for advice, and who I am."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from prudence.school.people import Permission
from prudence.school.profile import ReportsTo
from prudence.services.school_office import (
    MAX_LOGO_BYTES,
    Refused,
    SchoolSettings,
    advice_requests,
    replace_logo,
    school_logo,
    school_settings,
    update_settings,
)
from prudence.web.app import render
from prudence.web.deps import CurrentAccount, OfficeDep, WhereDep, needs
from prudence.web.security import check_csrf, csrf_token

router = APIRouter()


def _list(value: str) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(part.strip() for part in value.replace("\n", ",").split(",") if part.strip())
    )


class SettingsIn(BaseModel):
    """The school's details and the choices its policy leaves open."""

    name: str = Field(min_length=1, max_length=200)
    aliases: list[str] = []
    website: str | None = Field(default=None, max_length=300)
    social_handles: list[str] = []
    local_authority: str | None = Field(default=None, max_length=200)
    confidential_terms: list[str] = []
    reports_to: ReportsTo | None = None
    school_channels: bool | None = None
    lado_contact: str | None = Field(default=None, max_length=300)
    review_date: date | None = None

    def settings(self) -> SchoolSettings:
        return SchoolSettings(
            name=self.name,
            aliases=tuple(self.aliases),
            website=self.website or None,
            social_handles=tuple(self.social_handles),
            local_authority=self.local_authority or None,
            confidential_terms=tuple(self.confidential_terms),
            reports_to=self.reports_to,
            school_channels=self.school_channels,
            lado_contact=self.lado_contact or None,
            review_date=self.review_date,
        )


@router.get("/settings", include_in_schema=False, dependencies=[needs(Permission.EDIT_SETTINGS)])
def settings_page(request: Request, office: OfficeDep, account: CurrentAccount) -> Response:
    current = school_settings(office.sessions, account.school_id)
    return render(request, "settings.html", account=account, s=current, errors=[], saved=None)


@router.post(
    "/settings",
    include_in_schema=False,
    dependencies=[Depends(check_csrf), needs(Permission.EDIT_SETTINGS)],
)
def settings_form(
    request: Request,
    office: OfficeDep,
    where: WhereDep,
    name: Annotated[str, Form(max_length=200)] = "",
    aliases: Annotated[str, Form(max_length=2000)] = "",
    website: Annotated[str, Form(max_length=300)] = "",
    social_handles: Annotated[str, Form(max_length=2000)] = "",
    local_authority: Annotated[str, Form(max_length=200)] = "",
    confidential_terms: Annotated[str, Form(max_length=4000)] = "",
    reports_to: Annotated[str, Form()] = "",
    school_channels: Annotated[str, Form()] = "",
    lado_contact: Annotated[str, Form(max_length=300)] = "",
    review_date: Annotated[str, Form()] = "",
) -> Response:
    assert where.account is not None
    errors = []
    if not name.strip():
        errors.append(("name", "Enter the school's name"))
    when = None
    if review_date.strip():
        try:
            when = date.fromisoformat(review_date.strip())
        except ValueError:
            errors.append(("review_date", "Enter the review date as YYYY-MM-DD, like 2027-09-01"))
    chosen = None
    if reports_to:
        try:
            chosen = ReportsTo(reports_to)
        except ValueError:
            errors.append(
                ("reports_to", "Choose the headteacher or the designated safeguarding lead")
            )
    new = SchoolSettings(
        name=name,
        aliases=_list(aliases),
        website=website.strip() or None,
        social_handles=_list(social_handles),
        local_authority=local_authority.strip() or None,
        confidential_terms=_list(confidential_terms),
        reports_to=chosen,
        school_channels={"yes": True, "no": False}.get(school_channels),
        lado_contact=lado_contact.strip() or None,
        review_date=when,
    )
    if errors:
        return render(
            request, "settings.html", 400, account=where.account, s=new, errors=errors, saved=None
        )
    changed = update_settings(office.sessions, new, where)
    office.forget_checker(where.account.school_id)
    return render(request, "settings.html", account=where.account, s=new, errors=[], saved=changed)


@router.post(
    "/settings/logo",
    include_in_schema=False,
    dependencies=[Depends(check_csrf), needs(Permission.EDIT_SETTINGS)],
)
async def logo_form(
    request: Request, office: OfficeDep, where: WhereDep, logo: UploadFile
) -> Response:
    assert where.account is not None
    data = await logo.read(MAX_LOGO_BYTES + 1)
    current = school_settings(office.sessions, where.account.school_id)
    try:
        replace_logo(office.sessions, data, logo.content_type or "", where)
    except Refused as error:
        return render(
            request,
            "settings.html",
            400,
            account=where.account,
            s=current,
            errors=[("logo", str(error))],
            saved=None,
        )
    return render(
        request, "settings.html", account=where.account, s=current, errors=[], saved=["logo"]
    )


@router.get("/settings/logo", include_in_schema=False)
def logo_image(office: OfficeDep, account: CurrentAccount) -> Response:
    found = school_logo(office.sessions, account.school_id)
    if found is None:
        raise HTTPException(404, "The school has no logo yet.")
    data, content_type = found
    return Response(data, media_type=content_type, headers={"Cache-Control": "private, max-age=60"})


@router.get(
    "/advice", include_in_schema=False, dependencies=[needs(Permission.READ_ADVICE_REQUESTS)]
)
def advice_page(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    requests = advice_requests(office.sessions, where)
    return render(request, "advice.html", account=where.account, requests=requests)


@router.get("/api/me", tags=["account"])
def me(request: Request, account: CurrentAccount) -> dict[str, Any]:
    """Who is signed in, their roles and the token that state-changing API calls must send
    as the X-CSRF-Token header."""
    return {
        "name": account.name,
        "email": account.email,
        "school": account.school_name,
        "roles": [r.value for r in account.roles],
        "csrf_token": csrf_token(request),
    }


@router.get("/api/settings", tags=["settings"], dependencies=[needs(Permission.EDIT_SETTINGS)])
def settings_api(office: OfficeDep, account: CurrentAccount) -> dict[str, Any]:
    """The school's details and policy choices."""
    s = school_settings(office.sessions, account.school_id)
    return SettingsIn(
        name=s.name,
        aliases=list(s.aliases),
        website=s.website,
        social_handles=list(s.social_handles),
        local_authority=s.local_authority,
        confidential_terms=list(s.confidential_terms),
        reports_to=s.reports_to,
        school_channels=s.school_channels,
        lado_contact=s.lado_contact,
        review_date=s.review_date,
    ).model_dump(mode="json")


@router.put(
    "/api/settings",
    tags=["settings"],
    dependencies=[Depends(check_csrf), needs(Permission.EDIT_SETTINGS)],
)
def settings_put(body: SettingsIn, office: OfficeDep, where: WhereDep) -> dict[str, Any]:
    """Replaces the school's details and policy choices; says which fields changed."""
    assert where.account is not None
    changed = update_settings(office.sessions, body.settings(), where)
    office.forget_checker(where.account.school_id)
    return {"changed": changed}


@router.get("/api/advice", tags=["advice"], dependencies=[needs(Permission.READ_ADVICE_REQUESTS)])
def advice_api(office: OfficeDep, where: WhereDep) -> list[dict[str, Any]]:
    """Posts colleagues kept to ask for advice. Every read is audited."""
    return [
        {
            "id": a.id,
            "author": a.author,
            "text": a.text,
            "verdict": a.verdict,
            "clauses": list(a.clauses),
            "question": a.question,
            "created_at": a.created_at.isoformat(),
        }
        for a in advice_requests(office.sessions, where)
    ]
