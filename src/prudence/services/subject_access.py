"""A subject access request (UK GDPR, article 15): everything Prudence holds about a person,
with other people's data withheld, due within one month of the request."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import or_, select

from prudence.adapters import audit_store
from prudence.adapters.database import (
    AccountRecord,
    AdviceRequestRecord,
    ConcernRecord,
    DeclarationRecord,
    SchoolRecord,
)
from prudence.school.people import Permission
from prudence.services.school_office import (
    Refused,
    Sessions,
    Where,
    audit_event,
    school_profile,
)

WITHHELD = "[withheld: another person]"


def due_by(requested_on: date) -> date:
    """One calendar month after the request (31 January gives 28 or 29 February)."""
    due: date = requested_on + relativedelta(months=1)
    return due


def _redactor(names: set[str]) -> re.Pattern[str] | None:
    usable = sorted((n for n in names if len(n) > 2), key=len, reverse=True)
    if not usable:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in usable) + r")(?!\w)", re.I)


def subject_access_export(sessions: Sessions, email: str, where: Where) -> dict[str, Any]:
    """What the school holds about the person with this email; names of others withheld."""
    account = where.account
    if account is None or not account.may(Permission.MANAGE_PEOPLE):
        raise Refused("you need permission to manage people")
    address = email.strip().lower()
    profile = school_profile(sessions, account.school_id)
    with sessions.begin() as session:
        person = session.scalars(
            select(AccountRecord).where(
                AccountRecord.school_id == account.school_id, AccountRecord.email == address
            )
        ).first()
        if person is None:
            raise Refused(f"there is no account for {address} at this school")
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        others = {
            a.name
            for a in session.scalars(
                select(AccountRecord).where(AccountRecord.school_id == account.school_id)
            )
            if a.id != person.id
        }
        others |= {p.full_name for p in profile.pupils} | {p.first_name for p in profile.pupils}
        others |= {n for p in profile.pupils for n in p.parent_names}
        concerns = session.scalars(
            select(ConcernRecord).where(
                ConcernRecord.school_id == account.school_id,
                or_(
                    ConcernRecord.subject_account_id == person.id,
                    ConcernRecord.reported_by == person.id,
                ),
            )
        ).all()
        others |= {c.reporter_name for c in concerns if c.reporter_name}
        pattern = _redactor(others - {person.name})

        def withhold(text: str) -> str:
            return pattern.sub(WITHHELD, text) if pattern else text

        def concern(c: ConcernRecord) -> dict[str, Any]:
            theirs = c.reported_by == person.id
            return {
                "reference": c.reference,
                "kind": c.kind,
                "received_at": c.received_at.isoformat(),
                "you_are": "the person who reported it" if theirs else "the person it is about",
                "reported_by": "you" if theirs else WITHHELD,
                "what_happened": c.description if theirs else withhold(c.description),
                "triage": {k: c.triage[k] for k in ("answers", "routes", "at")}
                if c.triage
                else None,
                "lado_referral_made": c.lado_referral is not None,
                "outcome": c.outcome,
                "kept_until": c.keep_until.isoformat() if c.keep_until else None,
            }

        declarations = session.scalars(
            select(DeclarationRecord).where(DeclarationRecord.account_id == person.id)
        ).all()
        advice = session.scalars(
            select(AdviceRequestRecord).where(AdviceRequestRecord.account_id == person.id)
        ).all()
        activity = [
            {"at": e.at, "event": e.event, "origin": e.origin}
            for e in audit_store.entries(session, school.slug, actor=person.email)
        ]
        today = where.now.date()
        export = {
            "school": school.name,
            "person": {"name": person.name, "email": person.email, "roles": person.roles},
            "requested_on": today.isoformat(),
            "due_by": due_by(today).isoformat(),
            "concerns": [concern(c) for c in concerns],
            "declarations": [
                {
                    "kind": d.kind,
                    "pupil": d.pupil_name,
                    "details": d.details,
                    "declared_at": d.declared_at.isoformat(),
                    "decisions": [
                        {k: v for k, v in decision.items() if k not in ("by", "by_name")}
                        for decision in d.decisions
                    ],
                }
                for d in declarations
            ],
            "requests_for_advice": [
                {"text": a.text, "question": a.question, "at": a.created_at.isoformat()}
                for a in advice
            ],
            "your_activity": activity,
            "withheld": "Names of other people are replaced by " + WITHHELD + ".",
        }
        audit_event(
            session, where, "subject_access.exported", person.email, due_by=export["due_by"]
        )
        return export
