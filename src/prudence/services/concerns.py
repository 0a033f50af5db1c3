"""Reporting concerns, triaging them and recording the LADO referral: the web app's case work.

The rules live in `prudence.cases`; these use cases load and store what they decide, one
transaction each with its audit entry. Every read of a case is judged by need-to-know and
audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prudence.adapters import audit_store
from prudence.adapters.database import (
    AccountRecord,
    ConcernRecord,
    EvidenceRecord,
    SchoolRecord,
)
from prudence.cases import clock
from prudence.cases.access import Case, can_read
from prudence.cases.concerns import (
    Concern,
    ConcernKind,
    ExternalReporter,
    SafetyTopic,
    Subject,
    SubjectKind,
)
from prudence.cases.offices import Office
from prudence.cases.outcomes import Outcome, retention_until
from prudence.cases.triage import (
    Route,
    SafeguardingTest,
    TriageDecision,
    TriageRefused,
    triage,
    who_triages,
)
from prudence.school.people import Role
from prudence.school.profile import ReportsTo
from prudence.services.school_office import (
    Account,
    Refused,
    Sessions,
    Where,
    audit_event,
    person_id,
    signed_in,
)


def _reference() -> str:
    """A reference a parent can quote; random, so that it gives nothing away."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
    return "C-" + "".join(secrets.choice(alphabet) for _ in range(8))


@dataclass(frozen=True)
class ConcernView:
    """A concern as a permitted reader sees it."""

    id: int
    reference: str
    kind: ConcernKind
    clause: str
    topics: tuple[str, ...]
    description: str
    subject_kind: SubjectKind
    subject_name: str
    reported_by: str
    received_at: datetime
    triage: dict[str, Any] | None
    triaged_by_office: Office
    lado_deadline: datetime | None
    lado_referral: dict[str, Any] | None
    lado_overdue: bool
    outcome: Outcome | None
    keep_until: date | None

    @property
    def status(self) -> str:
        if self.triage is None:
            return "awaiting triage"
        if self.outcome is not None:
            return f"allegation: {self.outcome.value}"
        if self.lado_deadline is not None and self.lado_referral is None:
            return (
                "allegation: overdue for the LADO"
                if self.lado_overdue
                else "allegation: to the LADO"
            )
        return "triaged: " + ", ".join(self.triage["routes"])


def _subject(session: Session, record: ConcernRecord) -> Subject:
    kind = SubjectKind(record.subject_kind)
    if kind is SubjectKind.COLLEAGUE and record.subject_account_id is not None:
        account = session.get(AccountRecord, record.subject_account_id)
        roles = frozenset(Role(r) for r in account.roles) if account else frozenset()
        return Subject(kind, person_id(record.subject_account_id), roles)
    return Subject(kind, f"named:{record.subject_name}")


def _concern(session: Session, record: ConcernRecord, school: str) -> Concern:
    external = None
    if record.reported_by is None:
        external = ExternalReporter(
            record.reporter_name or "unnamed",
            record.reporter_relationship or "",
            record.reference,
        )
    return Concern(
        id=str(record.id),
        school=school,
        kind=ConcernKind(record.kind),
        description=record.description,
        subject=_subject(session, record),
        received_at=record.received_at,
        reported_by=person_id(record.reported_by) if record.reported_by is not None else None,
        external_reporter=external,
        topics=frozenset(SafetyTopic(t) for t in record.topics),
    )


def _decision(record: ConcernRecord, school: str) -> TriageDecision | None:
    data = record.triage
    if data is None:
        return None
    return TriageDecision(
        concern_id=str(record.id),
        school=school,
        test=SafeguardingTest(*data["answers"]),
        routes=frozenset(Route(r) for r in data["routes"]),
        reasons=data["reasons"],
        triaged_by=data["by"],
        triaged_as=Office(data["as"]),
        decided_at=datetime.fromisoformat(data["at"]),
    )


def _case(session: Session, record: ConcernRecord, school: str) -> Case:
    concern = _concern(session, record, school)
    assigned = None
    if concern.subject.is_headteacher:  # the chair of governors handles it, and so reads it
        chairs = [
            a.id
            for a in session.scalars(
                select(AccountRecord).where(
                    AccountRecord.school_id == record.school_id, AccountRecord.active
                )
            )
            if Role.CHAIR_OF_GOVERNORS.value in a.roles
        ]
        assigned = person_id(chairs[0]) if chairs else None
    return Case(
        concern=concern,
        triage=_decision(record, school),
        outcome=Outcome(record.outcome) if record.outcome else None,
        assigned_to=assigned,
    )


def _reports_to(school: SchoolRecord) -> ReportsTo:
    return (
        ReportsTo(school.reports_to)
        if school.reports_to
        else ReportsTo.DESIGNATED_SAFEGUARDING_LEAD
    )


def _view(
    session: Session, record: ConcernRecord, school: SchoolRecord, now: datetime
) -> ConcernView:
    concern = _concern(session, record, school.slug)
    reporter = record.reporter_name or "a member of the public"
    if record.reported_by is not None:
        account = session.get(AccountRecord, record.reported_by)
        reporter = account.name if account else "a former colleague"
    overdue = (
        record.lado_deadline is not None
        and record.lado_referral is None
        and now > record.lado_deadline
    )
    return ConcernView(
        id=record.id,
        reference=record.reference,
        kind=concern.kind,
        clause=concern.clause,
        topics=tuple(record.topics),
        description=record.description,
        subject_kind=concern.subject.kind,
        subject_name=record.subject_name,
        reported_by=reporter,
        received_at=record.received_at,
        triage=record.triage,
        triaged_by_office=who_triages(concern.subject, _reports_to(school)),
        lado_deadline=record.lado_deadline,
        lado_referral=record.lado_referral,
        lado_overdue=overdue,
        outcome=Outcome(record.outcome) if record.outcome else None,
        keep_until=record.keep_until,
    )


def _new_record(
    session: Session,
    school: SchoolRecord,
    kind: str,
    description: str,
    subject_kind: str,
    subject_name: str,
    subject_account: int | None,
    topics: Iterable[str],
    now: datetime,
    **reporter: Any,
) -> ConcernRecord:
    try:
        record = ConcernRecord(
            school_id=school.id,
            reference=_reference(),
            kind=ConcernKind(kind).value,
            topics=[SafetyTopic(t).value for t in topics],
            description=description.strip(),
            subject_kind=SubjectKind(subject_kind).value,
            subject_name=subject_name.strip(),
            subject_account_id=subject_account,
            received_at=now,
            **reporter,
        )
    except ValueError as error:
        raise Refused(f"choose from the list: {error}") from None
    if record.subject_kind != SubjectKind.COLLEAGUE.value or subject_account is None:
        if not record.subject_name:
            raise Refused("say who the concern is about")
    else:
        colleague = session.get(AccountRecord, subject_account)
        if colleague is None or colleague.school_id != school.id:
            raise Refused("choose a colleague from the list")
        record.subject_name = colleague.name
    try:
        _concern(session, record, school.slug)  # the domain's own checks, before anything is kept
    except ValueError as error:
        raise Refused(str(error)) from None
    session.add(record)
    session.flush()
    return record


def report_concern(
    sessions: Sessions,
    kind: str,
    description: str,
    subject_kind: str,
    subject_name: str,
    subject_account: int | None,
    topics: Iterable[str],
    where: Where,
) -> ConcernView:
    """A colleague reports a concern; it waits for the person who triages."""
    account = where.account
    if account is None:
        raise Refused("sign in to report as a colleague, or use the school's public form")
    with sessions.begin() as session:
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        record = _new_record(
            session,
            school,
            kind,
            description,
            subject_kind,
            subject_name,
            subject_account,
            topics,
            where.now,
            reported_by=account.id,
        )
        audit_event(session, where, "concern.reported", record.reference, kind=record.kind)
        return _view(session, record, school, where.now)


def report_concern_publicly(
    sessions: Sessions,
    school_slug: str,
    kind: str,
    description: str,
    subject_name: str,
    reporter_name: str,
    relationship: str,
    contact: str,
    where: Where,
) -> str:
    """A parent or anyone else reports without an account; the reference lets them follow up."""
    if not reporter_name.strip() or not contact.strip():
        raise Refused("give your name and a way to contact you, so that the school can reply")
    with sessions.begin() as session:
        school = session.scalars(
            select(SchoolRecord).where(SchoolRecord.slug == school_slug)
        ).first()
        if school is None:
            raise Refused("no such school")
        record = _new_record(
            session,
            school,
            kind,
            description,
            SubjectKind.OTHER.value,
            subject_name or "not named",
            None,
            [],
            where.now,
            reporter_name=reporter_name.strip()[:200],
            reporter_relationship=relationship.strip()[:200],
            reporter_contact=contact.strip()[:320],
        )
        audit_store.record(
            session,
            "concern.reported",
            record.reference,
            now=where.now,
            school=school.slug,
            actor=None,
            origin=where.origin,
            detail={"kind": record.kind, "public": True},
        )
        return record.reference


def visible_concerns(sessions: Sessions, where: Where) -> list[ConcernView]:
    """The school's concerns this person may read, newest first; the listing is audited."""
    account = signed_in(where)
    with sessions.begin() as session:
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        records = session.scalars(
            select(ConcernRecord)
            .where(ConcernRecord.school_id == account.school_id)
            .order_by(ConcernRecord.received_at.desc())
        ).all()
        shown = [
            _view(session, r, school, where.now)
            for r in records
            if can_read(
                account.roles, person_id(account.id), school.slug, _case(session, r, school.slug)
            ).allowed
        ]
        audit_event(session, where, "concerns.listed", "concerns", ids=[c.id for c in shown])
        return shown


def _load(
    session: Session, account: Account, concern_id: int
) -> tuple[ConcernRecord, SchoolRecord]:
    record = session.get(ConcernRecord, concern_id)
    school = session.get(SchoolRecord, account.school_id)
    assert school is not None
    # Another school's concern is refused in the same words as one that does not exist.
    if record is None or record.school_id != account.school_id:
        raise Refused("there is no such concern, or you may not read it")
    decision = can_read(
        account.roles, person_id(account.id), school.slug, _case(session, record, school.slug)
    )
    if not decision.allowed:
        raise Refused(f"there is no such concern, or you may not read it ({decision.reason})")
    return record, school


def read_concern(sessions: Sessions, concern_id: int, where: Where) -> ConcernView:
    """One concern, for someone who needs to know; the read is audited."""
    account = signed_in(where)
    with sessions.begin() as session:
        record, school = _load(session, account, concern_id)
        audit_event(session, where, "concern.read", record.reference)
        return _view(session, record, school, where.now)


_OFFICE_ROLES = {
    Office.HEADTEACHER: {Role.HEADTEACHER},
    Office.DESIGNATED_SAFEGUARDING_LEAD: {Role.DSL, Role.DEPUTY_DSL},  # deputies act for the DSL
    Office.CHAIR_OF_GOVERNORS: {Role.CHAIR_OF_GOVERNORS},
}


def offices_of(account: Account) -> set[Office]:
    """The offices a person holds for case work."""
    return {office for office, roles in _OFFICE_ROLES.items() if roles & set(account.roles)}


def _handler(where: Where, does: str) -> Account:
    """The acting account, when it holds an office that handles allegations."""
    account = signed_in(where)
    if not offices_of(account):
        raise Refused(f"only the headteacher, the DSL or the chair of governors {does}")
    return account


def office_holders(sessions: Sessions, school_id: int, offices: Iterable[Office]) -> list[str]:
    """The email addresses of whoever holds these offices at the school."""
    wanted = {role.value for office in offices for role in _OFFICE_ROLES[office]}
    with sessions() as session:
        accounts = session.scalars(
            select(AccountRecord).where(AccountRecord.school_id == school_id, AccountRecord.active)
        )
        return sorted(a.email for a in accounts if wanted & set(a.roles))


def triage_concern(
    sessions: Sessions,
    concern_id: int,
    answers: tuple[bool, bool, bool],
    routes: Iterable[str],
    reasons: str,
    where: Where,
) -> ConcernView:
    """Records the triage: clause 2.7's three questions and the routes. Any yes opens an
    allegation, which must reach the LADO within one working day."""
    account = signed_in(where)
    with sessions.begin() as session:
        record, school = _load(session, account, concern_id)
        if record.triage is not None:
            raise Refused("this concern has already been triaged")
        office = who_triages(_subject(session, record), _reports_to(school))
        if office not in offices_of(account):
            raise Refused(f"this concern is for the {office.value} to triage")
        try:
            chosen = [Route(r) for r in routes]
            decision = triage(
                _concern(session, record, school.slug),
                test=SafeguardingTest(*answers),
                routes=chosen,
                reasons=reasons,
                triaged_by=person_id(account.id),
                triaged_as=office,
                reports_to=_reports_to(school),
                now=where.now,
            )
        except (TriageRefused, ValueError) as error:
            raise Refused(str(error)) from None
        record.triage = {
            "answers": list(answers),
            "routes": sorted(r.value for r in decision.routes),
            "reasons": decision.reasons,
            "by": decision.triaged_by,
            "by_name": account.name,
            "as": decision.triaged_as.value,
            "at": decision.decided_at.isoformat(),
        }
        if decision.is_allegation:
            record.lado_deadline = clock.deadline(where.now)
        audit_event(
            session,
            where,
            "concern.triaged",
            record.reference,
            answers=list(answers),
            routes=record.triage["routes"],
        )
        return _view(session, record, school, where.now)


def record_lado_referral(
    sessions: Sessions, concern_id: int, lado_reference: str, advice: str, where: Where
) -> ConcernView:
    """The referral to the LADO, as made: who, when, the LADO's reference and advice."""
    account = _handler(where, "refers to the LADO")
    if not lado_reference.strip():
        raise Refused("enter the reference the LADO gave")
    with sessions.begin() as session:
        record, school = _load(session, account, concern_id)
        if record.lado_deadline is None:
            raise Refused("this concern is not an allegation")
        if record.lado_referral is not None:
            raise Refused("the referral is already recorded")
        record.lado_referral = {
            "by": account.name,
            "at": where.now.isoformat(),
            "reference": lado_reference.strip()[:100],
            "advice": advice.strip()[:4000],
            "within_deadline": where.now <= record.lado_deadline,
        }
        audit_event(
            session,
            where,
            "allegation.referred_to_lado",
            record.reference,
            within_deadline=record.lado_referral["within_deadline"],
        )
        return _view(session, record, school, where.now)


def colleagues(sessions: Sessions, school_id: int) -> list[tuple[int, str]]:
    """The school's people who sign in, to choose whom a concern is about."""
    with sessions() as session:
        return [
            (a.id, a.name)
            for a in session.scalars(
                select(AccountRecord)
                .where(AccountRecord.school_id == school_id, AccountRecord.active)
                .order_by(AccountRecord.name)
            )
        ]


def record_outcome(
    sessions: Sessions,
    concern_id: int,
    outcome: str,
    normal_pension_age_date: date,
    kept_with_consent: bool,
    where: Where,
) -> ConcernView:
    """The allegation's outcome, and so how long its record is kept (statutory guidance)."""
    account = _handler(where, "records outcomes")
    try:
        concluded = Outcome(outcome)
    except ValueError:
        raise Refused("choose an outcome from the list") from None
    with sessions.begin() as session:
        record, school = _load(session, account, concern_id)
        if record.lado_referral is None:
            raise Refused("record the referral to the LADO first")
        if record.outcome is not None:
            raise Refused("the outcome is already recorded")
        record.outcome = concluded.value
        record.outcome_recorded_at = where.now
        record.keep_until = retention_until(
            concluded,
            record.received_at.date(),
            normal_pension_age_date,
            kept_with_consent=kept_with_consent,
        )
        audit_event(
            session,
            where,
            "allegation.outcome_recorded",
            record.reference,
            outcome=concluded.value,
            keep_until=record.keep_until.isoformat() if record.keep_until else "removed now",
        )
        return _view(session, record, school, where.now)


def _audit_job(
    session: Session, event: str, record: ConcernRecord, now: datetime, **detail: Any
) -> None:
    """An audit entry for what a scheduled job did to a case, which no one signed in did."""
    school = session.get(SchoolRecord, record.school_id)
    audit_store.record(
        session,
        event,
        record.reference,
        now=now,
        school=school.slug if school else None,
        detail=detail,
    )


def purge_due_records(sessions: Sessions, today: date, now: datetime) -> list[str]:
    """Deletes the concluded allegations whose retention has ended (malicious and false ones at
    once, unless kept with consent); an audit entry names each by reference only."""
    with sessions.begin() as session:
        due = session.scalars(select(ConcernRecord).where(ConcernRecord.outcome.is_not(None))).all()
        purged = []
        for record in due:
            if record.keep_until is not None and record.keep_until >= today:
                continue
            _audit_job(
                session,
                "allegation.purged",
                record,
                now,
                outcome=record.outcome,
                kept_until=str(record.keep_until),
            )
            purged.append(record.reference)
            session.delete(record)
        return purged


def escalate_overdue(sessions: Sessions, now: datetime) -> list[tuple[int, str, datetime]]:
    """Marks every allegation whose LADO clock has run out, unreferred, as escalated; returns
    (school, reference, deadline) for each, for the headteacher and chair to be told."""
    with sessions.begin() as session:
        overdue = session.scalars(
            select(ConcernRecord).where(
                ConcernRecord.lado_deadline.is_not(None),
                ConcernRecord.lado_referral.is_(None),
                ConcernRecord.escalated_at.is_(None),
            )
        ).all()
        escalated = []
        for record in overdue:
            if record.lado_deadline is None or now <= record.lado_deadline:
                continue
            record.escalated_at = now
            _audit_job(
                session,
                "allegation.escalated",
                record,
                now,
                deadline=record.lado_deadline.isoformat(),
            )
            escalated.append((record.school_id, record.reference, record.lado_deadline))
        return escalated


def escalation_recipients(sessions: Sessions, school_id: int, reference: str) -> list[str]:
    """Who is told when the clock runs out: the headteacher and the chair of governors, or the
    chair alone when the allegation is about the headteacher."""
    with sessions() as session:
        record = session.scalars(
            select(ConcernRecord).where(ConcernRecord.reference == reference)
        ).one()
        about_head = _subject(session, record).is_headteacher
    return office_holders(sessions, school_id, clock.escalate_to(about_headteacher=about_head))


# --- evidence, the chronology and exports ---------------------------------------------------------

MAX_EVIDENCE_BYTES = 20_000_000
EVIDENCE_TYPES = {"image/png", "image/jpeg", "image/webp", "image/heic", "image/gif"}


@dataclass(frozen=True)
class EvidenceView:
    id: int
    filename: str
    uploaded_at: datetime
    checks: dict[str, Any]


def attach_evidence(
    sessions: Sessions,
    concern_id: int,
    filename: str,
    content_type: str,
    data: bytes,
    checks: dict[str, Any],
    where: Where,
) -> int:
    """Keeps a screenshot or photo with a concern, with what the image checks found in it."""
    account = signed_in(where)
    if content_type not in EVIDENCE_TYPES:
        raise Refused("attach a picture: a PNG, JPEG, WebP, GIF or HEIC file")
    if not data or len(data) > MAX_EVIDENCE_BYTES:
        raise Refused(f"attach a file of at most {MAX_EVIDENCE_BYTES // 1_000_000} MB")
    with sessions.begin() as session:
        record, _ = _load(session, account, concern_id)
        evidence = EvidenceRecord(
            concern_id=record.id,
            filename=filename[-200:] or "evidence",
            content_type=content_type,
            data=data,
            uploaded_by=account.id,
            uploaded_at=where.now,
            checks=checks,
        )
        session.add(evidence)
        session.flush()
        audit_event(session, where, "evidence.attached", record.reference, file=evidence.filename)
        return evidence.id


def evidence_of(sessions: Sessions, concern_id: int, where: Where) -> list[EvidenceView]:
    account = signed_in(where)
    with sessions() as session:
        record, _ = _load(session, account, concern_id)
        return [
            EvidenceView(e.id, e.filename, e.uploaded_at, e.checks)
            for e in session.scalars(
                select(EvidenceRecord)
                .where(EvidenceRecord.concern_id == record.id)
                .order_by(EvidenceRecord.uploaded_at)
            )
        ]


def read_evidence(
    sessions: Sessions, concern_id: int, evidence_id: int, where: Where
) -> tuple[str, str, bytes]:
    """An attached file, for someone who may read the concern; the read is audited."""
    account = signed_in(where)
    with sessions.begin() as session:
        record, _ = _load(session, account, concern_id)
        evidence = session.get(EvidenceRecord, evidence_id)
        if evidence is None or evidence.concern_id != record.id:
            raise Refused("there is no such file with this concern")
        audit_event(session, where, "evidence.read", record.reference, file=evidence.filename)
        return evidence.filename, evidence.content_type, evidence.data


def chronology(
    sessions: Sessions, concern_id: int, where: Where
) -> list[tuple[datetime, str, str]]:
    """The case's dated chronology, from the audit log: when, who, what."""
    account = signed_in(where)
    with sessions() as session:
        record, school = _load(session, account, concern_id)
        entries = audit_store.entries(session, school.slug, subject=record.reference)
    from prudence.school.audit import EVENTS

    return [
        (datetime.fromisoformat(e.at), e.actor or "the public form", EVENTS[e.event])
        for e in entries
    ]


def lado_referral_text(sessions: Sessions, concern_id: int, where: Where) -> str:
    """The facts a LADO referral asks for, as plain text to paste or attach; audited."""
    account = _handler(where, "refers to the LADO")
    view = read_concern(sessions, concern_id, where)
    with sessions.begin() as session:
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        audit_event(session, where, "concern.exported_for_lado", view.reference)
    lines = [
        f"Referral to the LADO from {school.name}",
        f"Our reference: {view.reference}",
        f"Referred by: {account.name} ({', '.join(r.label for r in account.roles)})",
        "",
        f"Concern: {view.kind.label} (policy clause {view.clause})",
        f"About: {view.subject_name} ({view.subject_kind.value})",
        f"Received: {view.received_at.astimezone(clock.LONDON):%d %B %Y at %H:%M}",
        f"Reported by: {view.reported_by}",
        "",
        "What happened:",
        view.description,
        "",
    ]
    if view.triage:
        answers = SafeguardingTest(*view.triage["answers"]).answers
        lines.append("The safeguarding test (clause 2.7):")
        lines += [f"- The person {q}: {'yes' if a else 'no'}" for q, a in answers.items()]
        lines.append(f"Routes: {', '.join(view.triage['routes'])}")
    if view.lado_deadline:
        lines.append(
            f"To reach the LADO by: {view.lado_deadline.astimezone(clock.LONDON):%d %B %Y at %H:%M}"
        )
    return "\n".join(lines) + "\n"


def follow_up(sessions: Sessions, school_slug: str, reference: str, contact: str) -> str | None:
    """What a member of the public may know of their report: whether it is being dealt with.
    The reference and the contact they gave must both match; nothing else is shown."""
    with sessions() as session:
        record = session.scalars(
            select(ConcernRecord)
            .join(SchoolRecord, SchoolRecord.id == ConcernRecord.school_id)
            .where(
                SchoolRecord.slug == school_slug,
                ConcernRecord.reference == reference.strip().upper(),
                ConcernRecord.reported_by.is_(None),
            )
        ).first()
        if record is None or (record.reporter_contact or "").lower() != contact.strip().lower():
            return None
        if record.triage is None:
            return "received: the school will look at it within its usual working hours"
        return "being dealt with: the school has looked at it and decided what happens next"
