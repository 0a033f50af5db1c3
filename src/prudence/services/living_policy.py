"""A living policy in the web app: publishing versions, the difference between them, and
everyone's acknowledgement of the one in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from prudence.adapters.database import (
    AccountRecord,
    AcknowledgementRecord,
    PolicyVersionRecord,
    SchoolRecord,
)
from prudence.policy.catalogue import model_policy
from prudence.policy.render import applies, school_summary
from prudence.policy.versions import (
    ClauseText,
    PolicyDiff,
    PolicyVersion,
    PublishRefused,
    acknowledgement_holds,
    current_version,
    diff,
    publish_next,
)
from prudence.school.acknowledgements import (
    Acknowledgement,
    Coverage,
    CoveredPerson,
    Group,
    coverage,
    reminders_due,
)
from prudence.school.people import Permission
from prudence.services.school_office import (
    Refused,
    Sessions,
    Where,
    audit_event,
    school_profile,
)

REMIND_EVERY_DAYS = 7


def _versions(session: Session, school: SchoolRecord) -> list[PolicyVersion]:
    return [
        PolicyVersion(
            school=school.slug,
            number=r.number,
            clauses=tuple((c[0], c[1], c[2]) for c in r.clauses),
            published_at=r.published_at,
            published_by=r.published_by,
            material=r.material,
            note=r.note,
        )
        for r in session.scalars(
            select(PolicyVersionRecord)
            .where(PolicyVersionRecord.school_id == school.id)
            .order_by(PolicyVersionRecord.number)
        )
    ]


def model_policy_clauses(sessions: Sessions, school_id: int) -> tuple[ClauseText, ...]:
    """The model policy in Prudence's words, with the school's choices filled in."""
    profile = school_profile(sessions, school_id)
    return tuple(
        (c.number, c.heading, school_summary(c, profile.choices, profile.school.name))
        for c in model_policy().clauses
        if applies(c, profile.choices)
    )


def publish(
    sessions: Sessions,
    clauses: tuple[ClauseText, ...],
    material: bool,
    note: str,
    where: Where,
) -> int:
    """Publishes the next version; a material one asks everyone to acknowledge again."""
    account = where.account
    if account is None or not account.may(Permission.EDIT_SETTINGS):
        raise Refused("you need permission to edit the school's settings")
    with sessions.begin() as session:
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        try:
            version = publish_next(
                _versions(session, school),
                clauses,
                school=school.slug,
                material=material,
                actor=account.email,
                now=where.now,
                note=note,
            )
        except PublishRefused as error:
            raise Refused(str(error)) from None
        session.add(
            PolicyVersionRecord(
                school_id=school.id,
                number=version.number,
                clauses=[list(c) for c in version.clauses],
                material=version.material,
                note=version.note,
                published_at=version.published_at,
                published_by=version.published_by,
            )
        )
        audit_event(
            session,
            where,
            "policy.published",
            f"version {version.number}",
            material=version.material,
            clauses=len(version.clauses),
        )
        return version.number


@dataclass(frozen=True)
class PolicyState:
    versions: tuple[PolicyVersion, ...]
    current: PolicyVersion | None
    acknowledged: int | None  # the latest version this person acknowledged
    must_acknowledge: bool


def policy_state(sessions: Sessions, where: Where) -> PolicyState:
    account = where.account
    assert account is not None
    with sessions() as session:
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        versions = _versions(session, school)
        mine = session.scalars(
            select(AcknowledgementRecord.version).where(
                AcknowledgementRecord.account_id == account.id
            )
        ).all()
    current = current_version(versions)
    latest = max(mine, default=None)
    holds = current is None or (latest is not None and acknowledgement_holds(latest, versions))
    return PolicyState(tuple(versions), current, latest, not holds)


def acknowledge(sessions: Sessions, where: Where) -> int:
    """The person acknowledges the version in force."""
    account = where.account
    if account is None:
        raise Refused("sign in first")
    with sessions.begin() as session:
        school = session.get(SchoolRecord, account.school_id)
        assert school is not None
        current = current_version(_versions(session, school))
        if current is None:
            raise Refused("the school has not published its policy yet")
        session.add(
            AcknowledgementRecord(
                school_id=school.id, account_id=account.id, version=current.number, at=where.now
            )
        )
        audit_event(session, where, "policy.acknowledged", f"version {current.number}")
        return current.number


def difference(sessions: Sessions, school_id: int, old: int, new: int) -> PolicyDiff:
    with sessions() as session:
        school = session.get(SchoolRecord, school_id)
        assert school is not None
        versions = {v.number: v for v in _versions(session, school)}
    if old not in versions or new not in versions:
        raise Refused("there is no such version")
    return diff(versions[old], versions[new])


def _people(session: Session, school_id: int) -> list[tuple[AccountRecord, CoveredPerson]]:
    return [
        (
            a,
            CoveredPerson(
                str(a.id),
                a.name,
                Group(a.covered_group),
                a.started_on or a.created_at.date(),
                a.on_leave,
            ),
        )
        for a in session.scalars(
            select(AccountRecord).where(AccountRecord.school_id == school_id, AccountRecord.active)
        )
    ]


def _acknowledgements(session: Session, school_id: int) -> list[Acknowledgement]:
    return [
        Acknowledgement(str(r.account_id), r.version, r.at)
        for r in session.scalars(
            select(AcknowledgementRecord).where(AcknowledgementRecord.school_id == school_id)
        )
    ]


def school_coverage(sessions: Sessions, where: Where) -> Coverage | None:
    """Who has acknowledged the version in force, by group, and who is outstanding."""
    account = where.account
    if account is None or not account.may(Permission.MANAGE_PEOPLE):
        raise Refused("you need permission to manage people")
    return coverage_of(sessions, account.school_id, where.now.date())


def coverage_of(sessions: Sessions, school_id: int, today: date) -> Coverage | None:
    """The coverage itself, for callers that have already decided who may see what of it."""
    with sessions() as session:
        school = session.get(SchoolRecord, school_id)
        assert school is not None
        versions = _versions(session, school)
        if not versions:
            return None
        people = [person for _, person in _people(session, school.id)]
        return coverage(people, _acknowledgements(session, school.id), versions, today)


def acknowledgement_reminders(sessions: Sessions, today: date) -> list[tuple[str, int]]:
    """Everyone still to acknowledge the version in force, reminded once a week, not on leave:
    (email, version)."""
    found = []
    with sessions.begin() as session:
        for school in session.scalars(select(SchoolRecord)):
            versions = _versions(session, school)
            current = current_version(versions)
            if current is None:
                continue
            people = _people(session, school.id)
            by_id = {str(a.id): a for a, _ in people}
            last = {
                str(a.id): a.reminded_to_acknowledge_on
                for a, _ in people
                if a.reminded_to_acknowledge_on
            }
            for reminder in reminders_due(
                [p for _, p in people],
                _acknowledgements(session, school.id),
                versions,
                today,
                last_reminded=last,
                every_days=REMIND_EVERY_DAYS,
            ):
                record = by_id[reminder.person.id]
                record.reminded_to_acknowledge_on = today
                found.append((record.email, current.number))
    return found
