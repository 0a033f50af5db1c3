"""Declarations: relationships with pupils and difficulties in following the policy."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from prudence.cases.declarations import DeclarationKind, Verdict
from prudence.services.declarations import decide, declarations_for, declare
from prudence.services.school_office import Refused, Where
from prudence.web.app import Office, as_sentence, render
from prudence.web.deps import OfficeDep, WhereDep
from prudence.web.security import check_csrf

router = APIRouter()


def _page(
    request: Request, office: Office, where: Where, status: int = 200, **extra: Any
) -> Response:
    declarations, deciding = declarations_for(office.sessions, where)
    return render(
        request,
        "declarations.html",
        status,
        account=where.account,
        declarations=declarations,
        deciding=deciding,
        kinds=list(DeclarationKind),
        verdicts=list(Verdict),
        **({"errors": [], "form": {}} | extra),
    )


@router.get("/declarations", include_in_schema=False)
def declarations_page(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    return _page(request, office, where)


@router.post("/declarations", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def make_declaration(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        declare(
            office.sessions,
            values.get("kind", ""),
            values.get("pupil_name", ""),
            values.get("details", ""),
            where,
        )
    except Refused as error:
        field = "pupil_name" if "pupil" in str(error) else "details"
        return _page(
            request, office, where, 400, errors=[(field, as_sentence(str(error)))], form=values
        )
    return RedirectResponse("/declarations", 303)


@router.post(
    "/declarations/{declaration_id}/decision",
    include_in_schema=False,
    dependencies=[Depends(check_csrf)],
)
async def decide_declaration(
    request: Request, office: OfficeDep, where: WhereDep, declaration_id: int
) -> Response:
    form = await request.form()
    review = str(form.get("review_on", "")).strip()
    try:
        review_on = date.fromisoformat(review) if review else None
    except ValueError:
        return _page(
            request,
            office,
            where,
            400,
            errors=[(f"review_on-{declaration_id}", "Enter the review date as YYYY-MM-DD")],
        )
    try:
        decide(
            office.sessions,
            declaration_id,
            str(form.get("verdict", "")),
            str(form.get("reasons", "")),
            str(form.get("conditions", "")).splitlines(),
            review_on,
            where,
        )
    except Refused as error:
        return _page(
            request,
            office,
            where,
            400,
            errors=[(f"verdict-{declaration_id}", as_sentence(str(error)))],
        )
    return RedirectResponse("/declarations", 303)
