"""A living policy: publishing versions (the model with the school's choices, or the school's
own document after its health check), their differences, and acknowledgements."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from prudence.adapters.documents import read_policy_document
from prudence.policy.catalogue import shipped_knowledge
from prudence.policy.health import check_policy_health
from prudence.policy.versions import ClauseText, clauses_of
from prudence.school.people import Permission
from prudence.school.problems import InputError
from prudence.services.living_policy import (
    acknowledge,
    difference,
    model_policy_clauses,
    policy_state,
    publish,
    school_coverage,
)
from prudence.services.school_office import Refused, Where
from prudence.web.app import Office, as_sentence, render
from prudence.web.deps import OfficeDep, WhereDep, needs
from prudence.web.security import check_csrf

router = APIRouter()
MAX_DOCUMENT_BYTES = 20_000_000
_PROBLEMS = (
    "The health check found problems: fix them in the document, "
    "or tick the box to publish it as it is"
)


def _versions_page(
    request: Request, office: Office, where: Where, status: int = 200, **extra: Any
) -> Response:
    state = policy_state(office.sessions, where)
    return render(
        request,
        "policy_versions.html",
        status,
        account=where.account,
        state=state,
        **(
            {
                "errors": [],
                "findings": None,
                "editable": as_text(state.current.clauses) if state.current else "",
            }
            | extra
        ),
    )


@router.get(
    "/policy/versions", include_in_schema=False, dependencies=[needs(Permission.EDIT_SETTINGS)]
)
def versions_page(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    return _versions_page(request, office, where)


def _read_document(data: bytes, filename: str) -> tuple[tuple[ClauseText, ...], list[Any]]:
    suffix = Path(filename).suffix.lower()
    if suffix not in {".docx", ".pdf", ".txt"}:
        raise Refused("upload the policy as a Word (.docx), PDF or text file")
    with tempfile.TemporaryDirectory(prefix="prudence-policy-") as folder:
        path = Path(folder) / f"policy{suffix}"
        path.write_bytes(data)
        try:
            text = read_policy_document(path)
        except InputError as error:
            raise Refused(str(error)) from None
    return _checked(text)


def _checked(text: str) -> tuple[tuple[ClauseText, ...], list[Any]]:
    """The clauses of a policy's text, and what its health check finds."""
    document, findings = check_policy_health(text, list(shipped_knowledge()), date.today())
    if not document.clauses:
        raise Refused("no numbered clauses were found in the policy")
    return clauses_of(document), findings


def as_text(clauses: tuple[ClauseText, ...]) -> str:
    """A version's clauses as plain text to edit: each number and heading, then its text."""
    return "\n\n".join(
        f"{number} {heading}".rstrip() + ("\n" + text if text else "")
        for number, heading, text in clauses
    )


@router.post(
    "/policy/versions",
    include_in_schema=False,
    dependencies=[Depends(check_csrf), needs(Permission.EDIT_SETTINGS)],
)
async def publish_version(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    async with request.form(max_part_size=MAX_DOCUMENT_BYTES) as form:
        material = form.get("material") == "yes"
        note = str(form.get("note", ""))[:2000]
        despite = form.get("despite_problems") == "yes"
        upload = form.get("document")
        # Browsers send a textarea's lines ending in CRLF; compare the words, not the endings.
        edited = str(form.get("text", ""))[:MAX_DOCUMENT_BYTES].replace("\r\n", "\n")
        if edited.strip() == str(form.get("original", "")).replace("\r\n", "\n").strip():
            edited = ""  # left as it was: not an edit
        document = None
        if isinstance(upload, UploadFile) and upload.filename:
            document = (await upload.read(MAX_DOCUMENT_BYTES + 1), upload.filename)
    findings = None
    assert where.account is not None
    try:
        if document is not None:
            data, filename = document
            if len(data) > MAX_DOCUMENT_BYTES:
                raise Refused("the document is larger than 20 MB")
            clauses, findings = await run_in_threadpool(_read_document, data, filename)
        elif edited.strip():
            clauses, findings = await run_in_threadpool(_checked, edited)
        if findings is not None:
            if any(f.severity.value == "error" for f in findings) and not despite:
                return _versions_page(
                    request,
                    office,
                    where,
                    400,
                    findings=findings,
                    errors=[("document", _PROBLEMS)],
                    **({"editable": edited} if edited.strip() else {}),
                )
        else:
            clauses = model_policy_clauses(office.sessions, where.account.school_id)
        publish(office.sessions, clauses, material, note, where)
    except Refused as error:
        return _versions_page(
            request,
            office,
            where,
            400,
            findings=findings,
            errors=[("note", as_sentence(str(error)))],
        )
    return RedirectResponse("/policy/versions", 303)


@router.get(
    "/policy/versions/difference",
    include_in_schema=False,
    dependencies=[needs(Permission.READ_POLICY)],
)
def version_difference(
    request: Request, office: OfficeDep, where: WhereDep, old: int, new: int
) -> Response:
    assert where.account is not None
    try:
        changes = difference(office.sessions, where.account.school_id, old, new)
    except Refused as error:
        raise HTTPException(404, as_sentence(str(error))) from None
    return render(request, "policy_difference.html", account=where.account, d=changes)


@router.post("/policy/acknowledge", include_in_schema=False, dependencies=[Depends(check_csrf)])
def acknowledge_policy(office: OfficeDep, where: WhereDep) -> Response:
    try:
        acknowledge(office.sessions, where)
    except Refused as error:
        raise HTTPException(400, as_sentence(str(error))) from None
    return RedirectResponse("/policy", 303)


@router.get(
    "/people/acknowledgements",
    include_in_schema=False,
    dependencies=[needs(Permission.MANAGE_PEOPLE)],
)
def acknowledgements_page(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    return render(
        request,
        "acknowledgements.html",
        account=where.account,
        coverage=school_coverage(office.sessions, where),
    )
