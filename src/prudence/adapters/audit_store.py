"""Writes audit entries into the hash chain, inside the caller's transaction, and reads them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from prudence.adapters.database import AuditRecord
from prudence.school.audit import EVENTS, GENESIS, AuditEntry, seal

_CHAIN_LOCK = 7_301_2026  # one PostgreSQL advisory lock serialises writers to the chain


def record(
    session: Session,
    event: str,
    subject: str,
    *,
    now: datetime,
    school: str | None = None,
    actor: str | None = None,
    origin: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Appends one entry; it commits or rolls back with the change it records."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    if now.tzinfo is None:
        raise ValueError("audit times are timezone-aware")
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    last = session.scalars(
        select(AuditRecord).order_by(AuditRecord.sequence.desc()).limit(1)
    ).first()
    previous = last.digest if last else GENESIS
    fields: dict[str, Any] = {
        "sequence": (last.sequence + 1) if last else 1,
        "at": now.isoformat(),
        "school": school,
        "actor": actor,
        "event": event,
        "subject": subject,
        "detail": detail or {},
        "origin": origin,
    }
    digest = seal(previous, fields)
    session.add(AuditRecord(**fields, previous=previous, digest=digest))
    session.flush()
    return AuditEntry(**fields, previous=previous, digest=digest)


def entries(
    session: Session,
    school: str | None = None,
    *,
    subject: str | None = None,
    actor: str | None = None,
) -> list[AuditEntry]:
    """The log in order, or the part of it for one school, subject or actor (the chain is
    verified whole)."""
    query = select(AuditRecord).order_by(AuditRecord.sequence)
    if school is not None:
        query = query.where(AuditRecord.school == school)
    if subject is not None:
        query = query.where(AuditRecord.subject == subject)
    if actor is not None:
        query = query.where(AuditRecord.actor == actor)
    return [
        AuditEntry(
            sequence=r.sequence,
            at=r.at,
            school=r.school,
            actor=r.actor,
            event=r.event,
            subject=r.subject,
            detail=r.detail,
            origin=r.origin,
            previous=r.previous,
            digest=r.digest,
        )
        for r in session.scalars(query)
    ]
