"""School-sponsored channels (Section 5): the register, publishers and approved posts."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from prudence.check.batch import parse_post
from prudence.services.channels import (
    add_channel,
    add_publisher,
    draft_post,
    move_post,
    register,
    revise_post,
)
from prudence.services.concerns import colleagues
from prudence.services.school_office import Refused, Where
from prudence.web.app import Office, as_sentence, render
from prudence.web.deps import OfficeDep, WhereDep
from prudence.web.security import check_csrf

router = APIRouter()


def _page(
    request: Request, office: Office, where: Where, status: int = 200, **extra: Any
) -> Response:
    assert where.account is not None
    return render(
        request,
        "channels.html",
        status,
        account=where.account,
        r=register(office.sessions, where),
        people=colleagues(office.sessions, where.account.school_id),
        **({"errors": []} | extra),
    )


def _verdict(office: Office, where: Where, text: str, audience: str) -> str:
    """What the checker says of the post on a school channel."""
    assert where.account is not None
    checker = office.checker(where.account.school_id, date.today())
    post = parse_post(
        {"id": "channel-post", "text": text, "channel": "school", "audience": audience}
    )
    return checker.report(post).verdict.value


@router.get("/channels", include_in_schema=False)
def channels_page(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    return _page(request, office, where)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v) for k, v in form.items() if k != "csrf_token"}


@router.post("/channels", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def new_channel(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    f = await _form(request)
    try:
        add_channel(
            office.sessions,
            f.get("platform", ""),
            f.get("address", ""),
            f.get("password_protected") == "yes",
            f.get("run_from_school_website") == "yes",
            f.get("licence_and_guidelines", ""),
            where,
        )
    except Refused as error:
        return _page(request, office, where, 400, errors=[("platform", as_sentence(str(error)))])
    return RedirectResponse("/channels", 303)


@router.post("/channels/publishers", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def new_publisher(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    f = await _form(request)
    try:
        signed = date.fromisoformat(f["undertaking"]) if f.get("undertaking") else None
        add_publisher(office.sessions, int(f.get("account", "0") or 0), signed, where)
    except ValueError:
        return _page(
            request, office, where, 400, errors=[("undertaking", "Enter the date as YYYY-MM-DD")]
        )
    except Refused as error:
        return _page(request, office, where, 400, errors=[("account", as_sentence(str(error)))])
    return RedirectResponse("/channels", 303)


@router.post("/channels/posts", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def new_post(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    f = await _form(request)
    text = f.get("text", "")[:20_000]
    try:
        verdict = _verdict(office, where, text, f.get("audience", "parents"))
        draft_post(office.sessions, int(f.get("channel", "0") or 0), text, verdict, where)
    except Refused as error:
        return _page(request, office, where, 400, errors=[("post-text", as_sentence(str(error)))])
    return RedirectResponse("/channels#posts", 303)


@router.post(
    "/channels/posts/{post_id}", include_in_schema=False, dependencies=[Depends(check_csrf)]
)
async def step_post(request: Request, office: OfficeDep, where: WhereDep, post_id: int) -> Response:
    f = await _form(request)
    try:
        if f.get("step") == "revise":
            text = f.get("text", "")[:20_000]
            verdict = _verdict(office, where, text, f.get("audience", "parents"))
            revise_post(office.sessions, post_id, text, verdict, where)
        else:
            move_post(office.sessions, post_id, f.get("step", ""), f.get("reason", ""), where)
    except Refused as error:
        return _page(
            request, office, where, 400, errors=[(f"post-{post_id}", as_sentence(str(error)))]
        )
    return RedirectResponse("/channels#posts", 303)
