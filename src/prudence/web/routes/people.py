"""People: importing the pupil and staff exports, with a preview and the rejected rows."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response

from prudence.school.people import Permission, Role
from prudence.services.school_office import (
    MAX_ROSTER_BYTES,
    Refused,
    RosterPreview,
    Where,
    add_colleague_account,
    deactivate_account,
    import_roster,
    preview_roster,
    roster_counts,
    school_accounts,
)
from prudence.services.subject_access import subject_access_export
from prudence.web.app import Office, as_sentence, render
from prudence.web.deps import OfficeDep, WhereDep, needs
from prudence.web.security import check_csrf

router = APIRouter()
KINDS = ("pupils", "staff")


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise HTTPException(422, "Choose pupils or staff")
    return kind


async def _read(upload: UploadFile) -> bytes:
    data = await upload.read(MAX_ROSTER_BYTES + 1)
    return data


def _preview_view(preview: RosterPreview) -> dict[str, Any]:
    return {
        "kind": preview.kind,
        "accepted": preview.accepted,
        "rejected": [
            {"line": p.line, "column": p.column, "problem": p.message} for p in preview.rejected
        ],
        "header": list(preview.header),
        "sample": [list(r) for r in preview.sample],
    }


def _people(
    request: Request, office: Office, where: Where, status: int = 200, **extra: Any
) -> Response:
    assert where.account is not None
    return render(
        request,
        "people.html",
        status,
        account=where.account,
        counts=roster_counts(office.sessions, where.account.school_id),
        accounts=school_accounts(office.sessions, where),
        roles=list(Role),
        **({"errors": []} | extra),
    )


@router.get("/people", include_in_schema=False, dependencies=[needs(Permission.MANAGE_PEOPLE)])
def people_page(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    return _people(request, office, where)


@router.post(
    "/people/accounts",
    include_in_schema=False,
    dependencies=[Depends(check_csrf), needs(Permission.MANAGE_PEOPLE)],
)
async def add_person(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    form = await request.form()
    chosen = [str(v) for v in form.getlist("roles")]
    try:
        roles = [Role(r) for r in chosen] or [Role.COLLEAGUE]
        add_colleague_account(
            office.sessions,
            str(form.get("email", "")),
            str(form.get("name", "")),
            str(form.get("password", "")) or None,
            roles,
            where,
        )
    except ValueError:
        return _people(
            request, office, where, 400, errors=[("roles", "Choose roles from the list")]
        )
    except Refused as error:
        field = "password" if "password" in str(error) else "new-email"
        return _people(request, office, where, 400, errors=[(field, as_sentence(str(error)))])
    return _people(request, office, where, done=f"Added {form.get('name')}.")


@router.post(
    "/people/preview",
    include_in_schema=False,
    dependencies=[Depends(check_csrf), needs(Permission.MANAGE_PEOPLE)],
)
async def people_preview(
    request: Request,
    office: OfficeDep,
    where: WhereDep,
    kind: Annotated[str, Form()],
    file: UploadFile,
) -> Response:
    try:
        preview = preview_roster(_kind(kind), await _read(file), file.filename or "the file")
    except Refused as error:
        return _people(request, office, where, 400, errors=[("file", str(error))])
    return render(
        request,
        "people_preview.html",
        account=where.account,
        preview=_preview_view(preview),
        accepted_text=preview.accepted_text,
    )


@router.post(
    "/people/import",
    include_in_schema=False,
    dependencies=[Depends(check_csrf), needs(Permission.MANAGE_PEOPLE)],
)
def people_import(
    request: Request,
    office: OfficeDep,
    where: WhereDep,
    kind: Annotated[str, Form()],
    accepted_text: Annotated[str, Form(max_length=MAX_ROSTER_BYTES)],
    refused: Annotated[int, Form(ge=0)] = 0,
) -> Response:
    assert where.account is not None
    try:
        preview = preview_roster(_kind(kind), accepted_text.encode("utf-8"), kind + ".csv")
        imported = import_roster(office.sessions, preview, where, refused)
    except Refused as error:
        raise HTTPException(400, str(error)) from None
    office.forget_checker(where.account.school_id)
    return _people(request, office, where, done=f"Imported {imported} {kind}.")


@router.post(
    "/api/people/{kind}/preview",
    tags=["people"],
    dependencies=[Depends(check_csrf), needs(Permission.MANAGE_PEOPLE)],
)
async def people_preview_api(kind: str, file: UploadFile) -> dict[str, Any]:
    """What importing this export would load, and every row it would refuse, with the reason."""
    try:
        return _preview_view(
            preview_roster(_kind(kind), await _read(file), file.filename or "file")
        )
    except Refused as error:
        raise HTTPException(400, str(error)) from None


@router.post(
    "/api/people/{kind}",
    tags=["people"],
    dependencies=[Depends(check_csrf), needs(Permission.MANAGE_PEOPLE)],
)
async def people_import_api(
    kind: str, file: UploadFile, office: OfficeDep, where: WhereDep
) -> dict[str, Any]:
    """Imports the export's good rows, replacing the school's current list; says what it refused."""
    assert where.account is not None
    try:
        preview = preview_roster(_kind(kind), await _read(file), file.filename or "file")
        import_roster(office.sessions, preview, where)
    except Refused as error:
        raise HTTPException(400, str(error)) from None
    office.forget_checker(where.account.school_id)
    return _preview_view(preview)


@router.post(
    "/people/accounts/deactivate",
    include_in_schema=False,
    dependencies=[Depends(check_csrf), needs(Permission.MANAGE_PEOPLE)],
)
async def switch_off(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    form = await request.form()
    email = str(form.get("email", ""))
    try:
        deactivate_account(office.sessions, email, where)
    except Refused as error:
        return _people(request, office, where, 400, errors=[("new-email", as_sentence(str(error)))])
    return _people(request, office, where, done=f"{email} can no longer sign in.")


@router.get(
    "/people/subject-access",
    include_in_schema=False,
    dependencies=[needs(Permission.MANAGE_PEOPLE)],
)
def subject_access(office: OfficeDep, where: WhereDep, email: str = "") -> Response:
    """Everything held about one person, as JSON, for their subject access request."""
    try:
        export = subject_access_export(office.sessions, email, where)
    except Refused as error:
        raise HTTPException(404, as_sentence(str(error))) from None
    return Response(
        json.dumps(export, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": 'attachment; filename="subject-access.json"',
        },
    )
