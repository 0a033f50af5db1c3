"""The governors' report (3.1): how the policy is working, anonymised, small counts withheld.

Only counts leave these functions; the rules of suppression live in the school package's
`governors_report`.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import select

from prudence.adapters.database import (
    CheckerUseRecord,
    ConcernRecord,
    DeclarationRecord,
    SchoolRecord,
)
from prudence.cases.concerns import ConcernKind
from prudence.check.post import Verdict
from prudence.school.governors_report import GovernorsReport, build_report
from prudence.school.people import Permission
from prudence.services.living_policy import coverage_of
from prudence.services.school_office import Refused, Sessions, Where, audit_event


def record_check(sessions: Sessions, school_id: int, verdict: Verdict, now: datetime) -> None:
    """Counts one use of the checker: the verdict only, never the post."""
    month = now.strftime("%Y-%m")
    with sessions.begin() as session:
        row = session.scalars(
            select(CheckerUseRecord).where(
                CheckerUseRecord.school_id == school_id, CheckerUseRecord.month == month
            )
        ).first()
        if row is None:
            row = CheckerUseRecord(school_id=school_id, month=month, ok=0, review=0, block=0)
            session.add(row)
        setattr(row, verdict.value, getattr(row, verdict.value) + 1)


def governors_report(sessions: Sessions, where: Where) -> GovernorsReport:
    account = where.account
    if account is None or not account.may(Permission.READ_GOVERNORS_REPORT):
        raise Refused("you need permission to read the governors' report")
    today = where.now.date()
    acknowledgements: dict[str, tuple[int, int]] = {}
    with sessions.begin() as session:
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        concerns = session.scalars(
            select(ConcernRecord).where(ConcernRecord.school_id == school.id)
        ).all()
        declarations = session.scalars(
            select(DeclarationRecord).where(DeclarationRecord.school_id == school.id)
        ).all()
        use = session.scalars(
            select(CheckerUseRecord).where(CheckerUseRecord.school_id == school.id)
        ).all()
        audit_event(session, where, "governors_report.read", school.slug)
    coverage = coverage_of(sessions, account.school_id, today)  # counts only are kept
    if coverage is not None:
        acknowledgements = {
            group.value: (row.acknowledged, row.covered) for group, row in coverage.by_group.items()
        }
    allegations = [c for c in concerns if c.lado_deadline is not None]

    def label(kind: str) -> str:
        return ConcernKind(kind).label

    return build_report(
        today=today,
        acknowledgements=acknowledgements,
        concerns_by_type=Counter(label(c.kind) for c in concerns),
        concerns_by_outcome=Counter(_stage(c) for c in concerns),
        allegations_by_type=Counter(label(c.kind) for c in allegations),
        allegations_by_outcome=Counter(c.outcome or "not yet concluded" for c in allegations),
        lado_referrals=[
            (
                datetime.fromisoformat(c.triage["at"]) if c.triage else c.received_at,
                datetime.fromisoformat(c.lado_referral["at"]) if c.lado_referral else None,
                c.lado_deadline,
            )
            for c in allegations
            if c.lado_deadline is not None
        ],
        declarations_due_for_review=sum(
            1 for d in declarations if d.review_on is not None and d.review_on <= today
        ),
        checker_use={
            "nothing found": sum(u.ok for u in use),
            "to think again": sum(u.review for u in use),
            "would breach the policy": sum(u.block for u in use),
        },
        review_date=school.review_date,
    )


def _stage(concern: ConcernRecord) -> str:
    if concern.outcome:
        return f"allegation: {concern.outcome}"
    if concern.lado_deadline is not None:
        return "allegation, open"
    if concern.triage is None:
        return "awaiting triage"
    return "closed at triage"
