""" "Can I post this?": the checker page, its JSON API and asking for advice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from prudence.check.batch import PostError, parse_post
from prudence.check.post import Audience, Channel, Post, Report, Span
from prudence.policy.catalogue import model_policy
from prudence.school.people import Permission
from prudence.services.governors import record_check
from prudence.services.school_office import Refused, request_advice, safeguarding_leads
from prudence.web.app import render
from prudence.web.deps import CurrentAccount, OfficeDep, WhereDep, needs
from prudence.web.security import check_csrf

router = APIRouter()
MAX_TEXT = 100_000


class PostIn(BaseModel):
    """A post as the checker contract describes it (images are checked by the command line)."""

    id: str = Field(default="post", max_length=200)
    text: str = Field(max_length=MAX_TEXT)
    channel: Channel = Channel.PERSONAL
    audience: Audience = Audience.PUBLIC
    recipient: str | None = Field(default=None, max_length=200)


def _post(raw: dict[str, Any]) -> Post:
    try:
        return parse_post(
            {"id": "post"}
            | {k: v for k, v in raw.items() if v not in (None, "")}
            | {"text": raw["text"]}
        )
    except PostError as error:
        raise HTTPException(422, str(error)) from None


def marked(text: str, report: Report) -> list[tuple[str, str | None]]:
    """The text in pieces, each piece marked with the clause its evidence carries, if any."""
    candidates = sorted(
        {
            (e.start, e.end, f.clause_id)
            for f in report.findings
            for e in f.evidence
            if isinstance(e, Span)
        },
        key=lambda s: (s[1] - s[0], s[0]),
    )
    chosen: list[tuple[int, int, str]] = []
    for start, end, clause in candidates:  # the most precise evidence wins where spans overlap
        if all(end <= a or b <= start for a, b, _ in chosen):
            chosen.append((start, end, clause))
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for start, end, clause in sorted(chosen):
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], clause))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def _findings_view(report: Report, numbers: dict[str, str]) -> list[dict[str, Any]]:
    policy = model_policy()
    return [
        {
            "number": numbers.get(f.clause_id, f.clause_id),
            "id": f.clause_id,
            "heading": policy.by_id(f.clause_id).heading,
            "severity": f.severity.value,
            "message": f.message,
            "guidance": f.guidance,
            "evidence": [e.text for e in f.evidence if isinstance(e, Span)],
        }
        for f in report.findings
    ]


@router.get("/check", include_in_schema=False)
def check_page(request: Request, account: CurrentAccount) -> Response:
    return render(request, "check.html", account=account, post=None, report=None)


@router.post(
    "/check",
    include_in_schema=False,
    dependencies=[Depends(check_csrf), needs(Permission.CHECK_POSTS)],
)
def check_form(
    request: Request,
    office: OfficeDep,
    account: CurrentAccount,
    text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
    channel: Annotated[Channel, Form()] = Channel.PERSONAL,
    audience: Annotated[Audience, Form()] = Audience.PUBLIC,
    recipient: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    fields = {"text": text, "channel": channel, "audience": audience, "recipient": recipient}
    if not text.strip():
        return render(
            request,
            "check.html",
            400,
            account=account,
            post=fields,
            report=None,
            errors=[("text", "Enter the post, message or comment you want to check")],
        )
    checker = office.checker(account.school_id, date.today())
    post = _post({"id": "post", **{k: getattr(v, "value", v) for k, v in fields.items()}})
    report = checker.report(post)
    record_check(office.sessions, account.school_id, report.verdict, datetime.now(UTC))
    template = "_result.html" if request.headers.get("hx-request") else "check.html"
    return render(
        request,
        template,
        account=account,
        post=fields,
        report=report,
        pieces=marked(post.text, report),
        findings=_findings_view(report, checker.numbers),
    )


@router.post(
    "/advice",
    include_in_schema=False,
    dependencies=[Depends(check_csrf), needs(Permission.CHECK_POSTS)],
)
def ask_for_advice(
    request: Request,
    office: OfficeDep,
    where: WhereDep,
    text: Annotated[str, Form(max_length=MAX_TEXT)],
    channel: Annotated[Channel, Form()] = Channel.PERSONAL,
    audience: Annotated[Audience, Form()] = Audience.PUBLIC,
    recipient: Annotated[str, Form(max_length=200)] = "",
    question: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    assert where.account is not None
    checker = office.checker(where.account.school_id, date.today())
    post = _post(
        {"text": text, "channel": channel.value, "audience": audience.value, "recipient": recipient}
    )
    report = checker.report(post)
    try:
        request_advice(office.sessions, post, report, question, where)
    except Refused as error:
        raise HTTPException(403, str(error)) from None
    # The email says only that someone asked: the post itself stays in Prudence.
    office.tasks.email(
        safeguarding_leads(office.sessions, where.account.school_id),
        "A colleague has asked for advice about a post",
        f"{where.account.name} has asked for advice about something they want to post.\n\n"
        f"Sign in to read it: {office.settings.base_url}/advice\n",
    )
    return render(request, "advice_sent.html", account=where.account)


@router.post("/api/check", tags=["checker"], dependencies=[Depends(check_csrf)])
def check_api(post: PostIn, office: OfficeDep, account: CurrentAccount) -> dict[str, Any]:
    """Checks one post and returns the report in the checker contract's shape. Nothing is kept."""
    if not account.may(Permission.CHECK_POSTS):
        raise HTTPException(403, "Your roles do not allow you to check posts.")
    checker = office.checker(account.school_id, date.today())
    report = checker.report(_post(post.model_dump(mode="json")))
    record_check(office.sessions, account.school_id, report.verdict, datetime.now(UTC))
    return checker.as_dict(report)
