"""Declarations in the web app: a colleague declares, the lead the settings name decides, with
conditions and a review date, and is reminded before the review comes round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prudence.adapters.database import AccountRecord, DeclarationRecord, SchoolRecord
from prudence.cases.declarations import Decision, Declaration, DeclarationKind, Verdict
from prudence.cases.offices import Office, named_in_settings
from prudence.school.profile import ReportsTo
from prudence.services.concerns import office_holders, offices_of
from prudence.services.school_office import (
    Refused,
    Sessions,
    Where,
    audit_event,
    person_id,
    signed_in,
)

REMINDER_DAYS = 14  # how long before a review the lead and the colleague are reminded


@dataclass(frozen=True)
class DeclarationView:
    id: int
    colleague: str
    kind: DeclarationKind
    pupil_name: str | None
    details: str
    declared_at: datetime
    decisions: tuple[dict[str, Any], ...]
    review_on: date | None

    @property
    def decision(self) -> dict[str, Any] | None:
        return self.decisions[-1] if self.decisions else None


def _lead(school: SchoolRecord) -> Office:
    return named_in_settings(
        ReportsTo(school.reports_to)
        if school.reports_to
        else ReportsTo.DESIGNATED_SAFEGUARDING_LEAD
    )


def _domain(record: DeclarationRecord, school: str) -> Declaration:
    decisions = tuple(
        Decision(
            verdict=Verdict(d["verdict"]),
            decided_by=d["by"],
            decided_at=datetime.fromisoformat(d["at"]),
            reasons=d["reasons"],
            conditions=tuple(d["conditions"]),
            review_on=date.fromisoformat(d["review_on"]) if d["review_on"] else None,
        )
        for d in record.decisions
    )
    return Declaration(
        id=str(record.id),
        school=school,
        colleague_id=person_id(record.account_id),
        kind=DeclarationKind(record.kind),
        details=record.details,
        declared_at=record.declared_at,
        pupil_id=record.pupil_name,
        decisions=decisions,
    )


def _view(session: Session, record: DeclarationRecord) -> DeclarationView:
    colleague = session.get(AccountRecord, record.account_id)
    return DeclarationView(
        id=record.id,
        colleague=colleague.name if colleague else "a former colleague",
        kind=DeclarationKind(record.kind),
        pupil_name=record.pupil_name,
        details=record.details,
        declared_at=record.declared_at,
        decisions=tuple(record.decisions),
        review_on=record.review_on,
    )


def declare(
    sessions: Sessions, kind: str, pupil_name: str, details: str, where: Where
) -> DeclarationView:
    """A colleague declares a relationship with a pupil or a difficulty in complying."""
    account = signed_in(where)
    with sessions.begin() as session:
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        try:
            record = DeclarationRecord(
                school_id=account.school_id,
                account_id=account.id,
                kind=DeclarationKind(kind).value,
                pupil_name=pupil_name.strip()[:200] or None,
                details=details.strip()[:10_000],
                declared_at=where.now,
                decisions=[],
            )
            _domain(record, school.slug)  # the domain's own checks
        except ValueError as error:
            raise Refused(str(error)) from None
        session.add(record)
        session.flush()
        audit_event(
            session, where, "declaration.made", f"declaration {record.id}", kind=record.kind
        )
        return _view(session, record)


def declarations_for(sessions: Sessions, where: Where) -> tuple[list[DeclarationView], bool]:
    """Your own declarations, or, for the lead who decides them, the school's (audited).
    The flag says whether the reader is that lead."""
    account = signed_in(where)
    with sessions.begin() as session:
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        deciding = _lead(school) in offices_of(account)
        query = select(DeclarationRecord).where(DeclarationRecord.school_id == account.school_id)
        if not deciding:
            query = query.where(DeclarationRecord.account_id == account.id)
        records = session.scalars(query.order_by(DeclarationRecord.declared_at.desc())).all()
        if deciding:
            audit_event(
                session, where, "declarations.listed", "declarations", ids=[r.id for r in records]
            )
        return [_view(session, r) for r in records], deciding


def decide(
    sessions: Sessions,
    declaration_id: int,
    verdict: str,
    reasons: str,
    conditions: list[str],
    review_on: date | None,
    where: Where,
) -> DeclarationView:
    """The lead's decision: approved with conditions and a review date, or refused."""
    account = signed_in(where)
    with sessions.begin() as session:
        record = session.get(DeclarationRecord, declaration_id)
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        if record is None or record.school_id != account.school_id:
            raise Refused("there is no such declaration")
        if _lead(school) not in offices_of(account):
            raise Refused(f"declarations are decided by the {_lead(school).value}")
        try:
            decision = Decision(
                verdict=Verdict(verdict),
                decided_by=person_id(account.id),
                decided_at=where.now,
                reasons=reasons,
                conditions=tuple(c.strip() for c in conditions if c.strip()),
                review_on=review_on,
            )
            _domain(record, school.slug).decide(decision)
        except ValueError as error:
            raise Refused(str(error)) from None
        record.decisions = [
            *record.decisions,
            {
                "verdict": decision.verdict.value,
                "by": decision.decided_by,
                "by_name": account.name,
                "at": decision.decided_at.isoformat(),
                "reasons": decision.reasons,
                "conditions": list(decision.conditions),
                "review_on": decision.review_on.isoformat() if decision.review_on else None,
            },
        ]
        record.review_on = decision.review_on
        record.reminded_on = None
        audit_event(
            session,
            where,
            "declaration.decided",
            f"declaration {record.id}",
            verdict=decision.verdict.value,
            review_on=record.review_on.isoformat() if record.review_on else None,
        )
        return _view(session, record)


def reviews_to_remind(sessions: Sessions, today: date) -> list[tuple[list[str], str, date]]:
    """Declarations whose review falls within REMINDER_DAYS (or is overdue) and whose people
    have not been reminded this week: (who to tell, what about, the review date)."""
    found = []
    with sessions.begin() as session:
        records = session.scalars(
            select(DeclarationRecord).where(
                DeclarationRecord.review_on.is_not(None),
                DeclarationRecord.review_on <= today + timedelta(days=REMINDER_DAYS),
            )
        ).all()
        for record in records:
            if record.reminded_on is not None and record.reminded_on > today - timedelta(days=7):
                continue
            school = session.get(SchoolRecord, record.school_id)
            colleague = session.get(AccountRecord, record.account_id)
            if school is None or colleague is None or record.review_on is None:
                continue
            record.reminded_on = today
            leads = office_holders(sessions, school.id, [_lead(school)])
            about = f"{colleague.name}'s declaration ({record.kind})"
            found.append((sorted({*leads, colleague.email}), about, record.review_on))
    return found
