"""Reporting a concern (colleagues, and the public without an account), triage and the LADO."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from prudence.cases.concerns import ConcernKind, SafetyTopic, SubjectKind
from prudence.cases.outcomes import Outcome
from prudence.cases.triage import Route
from prudence.services.concerns import (
    MAX_EVIDENCE_BYTES,
    attach_evidence,
    chronology,
    colleagues,
    evidence_of,
    follow_up,
    lado_referral_text,
    office_holders,
    offices_of,
    read_concern,
    read_evidence,
    record_lado_referral,
    record_outcome,
    report_concern,
    report_concern_publicly,
    triage_concern,
    visible_concerns,
)
from prudence.services.school_office import Refused, Where, school_settings
from prudence.web.app import Office, as_sentence, render
from prudence.web.deps import CurrentAccount, OfficeDep, WhereDep, origin
from prudence.web.security import check_csrf

router = APIRouter()
QUESTIONS = (
    ("harmed", "Has the person harmed a child, or may they have?"),
    ("offence", "May they have committed a criminal offence against or related to a child?"),
    ("risk", "Have they behaved in a way that suggests they may pose a risk of harm to children?"),
)


def _choices() -> dict[str, Any]:
    return {
        "kinds": list(ConcernKind),
        "topics": list(SafetyTopic),
        "subject_kinds": list(SubjectKind),
        "routes": list(Route),
        "questions": QUESTIONS,
    }


def _form_page(
    request: Request, office: Office, where: Where, status: int = 200, **extra: Any
) -> Response:
    assert where.account is not None
    return render(
        request,
        "concern.html",
        status,
        account=where.account,
        s=school_settings(office.sessions, where.account.school_id),
        people=colleagues(office.sessions, where.account.school_id),
        form=extra.pop("form", {}),
        **(_choices() | {"errors": []} | extra),
    )


@router.get("/concerns/new", include_in_schema=False)
def new_concern(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    return _form_page(request, office, where)


@router.post("/concerns/draft", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def draft_concern(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    """The concern form, filled in from the checker: what was pasted there becomes what happened."""
    form = await request.form()
    text = str(form.get("text", ""))[:20_000]
    return _form_page(
        request, office, where, form={"description": text, "kind": ConcernKind.PUPIL_CONTACT.value}
    )


@router.post("/concerns", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def post_concern(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    subject_account = values.get("subject_account", "")
    try:
        view = report_concern(
            office.sessions,
            values.get("kind", ""),
            values.get("description", "")[:20_000],
            values.get("subject_kind", ""),
            values.get("subject_name", "")[:200],
            int(subject_account) if subject_account.isdigit() else None,
            [str(t) for t in form.getlist("topics")],
            where,
        )
    except Refused as error:
        field = "description" if "description" in str(error) else "kind"
        return _form_page(
            request, office, where, 400, form=values, errors=[(field, as_sentence(str(error)))]
        )
    # The email names the reference only: the concern itself stays in Prudence.
    assert where.account is not None
    office.tasks.email(
        office_holders(office.sessions, where.account.school_id, [view.triaged_by_office]),
        f"A concern has been reported: {view.reference}",
        f"A concern ({view.kind.label}) has been reported and is for the "
        f"{view.triaged_by_office.value} to triage.\n\n"
        f"Sign in to read it: {office.settings.base_url}/concerns/{view.id}\n",
    )
    return RedirectResponse(f"/concerns/{view.id}", 303)


@router.get("/concerns", include_in_schema=False)
def list_concerns(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    return render(
        request,
        "concerns.html",
        account=where.account,
        concerns=visible_concerns(office.sessions, where),
    )


def _detail(
    request: Request, office: Office, where: Where, concern_id: int, status: int = 200, **extra: Any
) -> Response:
    try:
        view = read_concern(office.sessions, concern_id, where)
    except Refused as error:
        raise HTTPException(404, as_sentence(str(error))) from None
    assert where.account is not None
    offices = offices_of(where.account)
    return render(
        request,
        "concern_detail.html",
        status,
        account=where.account,
        c=view,
        evidence=evidence_of(office.sessions, concern_id, where),
        events=chronology(office.sessions, concern_id, where),
        may_triage=view.triage is None and view.triaged_by_office in offices,
        may_refer=bool(offices),
        outcomes=list(Outcome),
        **(_choices() | {"errors": []} | extra),
    )


def _refused(
    request: Request, office: Office, where: Where, concern_id: int, field: str, error: Refused
) -> Response:
    """The case again, with the reason an action on it was refused beside the field concerned."""
    return _detail(
        request, office, where, concern_id, 400, errors=[(field, as_sentence(str(error)))]
    )


@router.get("/concerns/{concern_id}", include_in_schema=False)
def show_concern(request: Request, office: OfficeDep, where: WhereDep, concern_id: int) -> Response:
    return _detail(request, office, where, concern_id)


@router.post(
    "/concerns/{concern_id}/triage", include_in_schema=False, dependencies=[Depends(check_csrf)]
)
async def post_triage(
    request: Request, office: OfficeDep, where: WhereDep, concern_id: int
) -> Response:
    form = await request.form()
    answers = tuple(form.get(key) == "yes" for key, _ in QUESTIONS)
    missing = [key for key, _ in QUESTIONS if form.get(key) not in ("yes", "no")]
    if missing:
        return _detail(
            request,
            office,
            where,
            concern_id,
            400,
            errors=[(missing[0], "Answer each of the three questions")],
        )
    try:
        triage_concern(
            office.sessions,
            concern_id,
            (answers[0], answers[1], answers[2]),
            [str(r) for r in form.getlist("routes")],
            str(form.get("reasons", ""))[:4000],
            where,
        )
    except Refused as error:
        return _refused(request, office, where, concern_id, "routes", error)
    return RedirectResponse(f"/concerns/{concern_id}", 303)


@router.post(
    "/concerns/{concern_id}/lado", include_in_schema=False, dependencies=[Depends(check_csrf)]
)
async def post_referral(
    request: Request, office: OfficeDep, where: WhereDep, concern_id: int
) -> Response:
    form = await request.form()
    try:
        record_lado_referral(
            office.sessions,
            concern_id,
            str(form.get("lado_reference", "")),
            str(form.get("advice", "")),
            where,
        )
    except Refused as error:
        return _refused(request, office, where, concern_id, "lado_reference", error)
    return RedirectResponse(f"/concerns/{concern_id}", 303)


@router.post(
    "/concerns/{concern_id}/outcome", include_in_schema=False, dependencies=[Depends(check_csrf)]
)
async def post_outcome(
    request: Request, office: OfficeDep, where: WhereDep, concern_id: int
) -> Response:
    form = await request.form()
    try:
        pension = date.fromisoformat(str(form.get("pension_date", "")).strip())
    except ValueError:
        return _detail(
            request,
            office,
            where,
            concern_id,
            400,
            errors=[("pension_date", "Enter the person's normal pension age date as YYYY-MM-DD")],
        )
    try:
        record_outcome(
            office.sessions,
            concern_id,
            str(form.get("outcome", "")),
            pension,
            form.get("kept_with_consent") == "yes",
            where,
        )
    except Refused as error:
        return _refused(request, office, where, concern_id, "outcome", error)
    return RedirectResponse(f"/concerns/{concern_id}", 303)


@router.post(
    "/concerns/{concern_id}/evidence", include_in_schema=False, dependencies=[Depends(check_csrf)]
)
async def post_evidence(
    request: Request, office: OfficeDep, where: WhereDep, concern_id: int, file: UploadFile
) -> Response:
    data = await file.read(MAX_EVIDENCE_BYTES + 1)
    checks = await run_in_threadpool(look_at_evidence, data, file.filename or "evidence")
    try:
        attach_evidence(
            office.sessions,
            concern_id,
            file.filename or "evidence",
            file.content_type or "",
            data,
            checks,
            where,
        )
    except Refused as error:
        return _refused(request, office, where, concern_id, "file", error)
    return RedirectResponse(f"/concerns/{concern_id}#evidence", 303)


def look_at_evidence(data: bytes, filename: str) -> dict[str, Any]:
    """What the image checks see in an attached screenshot: faces, text, where it was taken."""
    import tempfile
    from pathlib import Path

    from prudence.adapters.image_reader import PictureReader

    with tempfile.TemporaryDirectory(prefix="prudence-evidence-") as folder:
        path = Path(folder) / "evidence"
        path.write_bytes(data[:MAX_EVIDENCE_BYTES])
        facts = PictureReader(Path(folder)).look("evidence")
    return {
        "problem": facts.problem,
        "faces": len(facts.faces),
        "text": facts.text[:2000],
        "location": list(facts.location) if facts.location else None,
        "device": list(facts.device),
    }


@router.get("/concerns/{concern_id}/evidence/{evidence_id}", include_in_schema=False)
def get_evidence(office: OfficeDep, where: WhereDep, concern_id: int, evidence_id: int) -> Response:
    try:
        filename, content_type, data = read_evidence(
            office.sessions, concern_id, evidence_id, where
        )
    except Refused as error:
        raise HTTPException(404, as_sentence(str(error))) from None
    safe = "".join(c for c in filename if c.isalnum() or c in "._-") or "evidence"
    return Response(
        data,
        media_type=content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{safe}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/concerns/{concern_id}/lado-referral.txt", include_in_schema=False)
def lado_export(office: OfficeDep, where: WhereDep, concern_id: int) -> Response:
    try:
        text = lado_referral_text(office.sessions, concern_id, where)
    except Refused as error:
        raise HTTPException(404, as_sentence(str(error))) from None
    return Response(
        text,
        media_type="text/plain; charset=utf-8",
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": "attachment; filename=lado-referral.txt",
        },
    )


# --- the public form: parents and anyone else, without an account ---------------------------


@router.get("/report/{slug}", include_in_schema=False)
def public_form(request: Request, office: OfficeDep, slug: str) -> Response:
    return render(
        request, "report_public.html", slug=slug, kinds=list(ConcernKind), form={}, errors=[]
    )


@router.post("/report/{slug}", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def public_report(request: Request, office: OfficeDep, slug: str) -> Response:
    where = Where(None, origin(request), datetime.now(UTC))
    if not office.limits.public_form(where.origin or "unknown"):
        raise HTTPException(
            429, "Too many reports from this address. Wait a minute, then try again."
        )
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        reference = report_concern_publicly(
            office.sessions,
            slug,
            values.get("kind", ""),
            values.get("description", "")[:20_000],
            values.get("subject_name", "")[:200],
            values.get("reporter_name", ""),
            values.get("relationship", ""),
            values.get("contact", ""),
            where,
        )
    except Refused as error:
        if "no such school" in str(error):
            raise HTTPException(404, "There is no school at this address.") from None
        return render(
            request,
            "report_public.html",
            400,
            slug=slug,
            kinds=list(ConcernKind),
            form=values,
            errors=[("description", as_sentence(str(error)))],
        )
    return render(request, "report_public_done.html", reference=reference, slug=slug)


@router.get("/report/{slug}/follow-up", include_in_schema=False)
def follow_up_form(request: Request, slug: str) -> Response:
    return render(request, "report_follow_up.html", slug=slug, answer=None, errors=[])


@router.post(
    "/report/{slug}/follow-up", include_in_schema=False, dependencies=[Depends(check_csrf)]
)
async def follow_up_answer(request: Request, office: OfficeDep, slug: str) -> Response:
    if not office.limits.public_form(origin(request)):
        raise HTTPException(
            429, "Too many requests from this address. Wait a minute, then try again."
        )
    form = await request.form()
    status = follow_up(
        office.sessions,
        slug,
        str(form.get("reference", ""))[:32],
        str(form.get("contact", ""))[:320],
    )
    if status is None:
        errors = [("reference", "We cannot find a report with that reference and contact")]
        return render(request, "report_follow_up.html", 404, slug=slug, answer=None, errors=errors)
    return render(request, "report_follow_up.html", slug=slug, answer=status, errors=[])


@router.get("/api/concerns", tags=["concerns"])
def concerns_api(
    office: OfficeDep, where: WhereDep, account: CurrentAccount
) -> list[dict[str, Any]]:
    """The concerns you may read (your own reports; all of them for the DSL and headteacher)."""
    return [
        {
            "id": c.id,
            "reference": c.reference,
            "kind": c.kind.value,
            "clause": c.clause,
            "status": c.status,
            "received_at": c.received_at.isoformat(),
            "lado_deadline": c.lado_deadline.isoformat() if c.lado_deadline else None,
        }
        for c in visible_concerns(office.sessions, where)
    ]
