"""Two schools, a few named people and small factories for the case-work tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from prudence.cases.allegations import Allegation
from prudence.cases.concerns import Concern, ConcernKind, ExternalReporter, Subject, SubjectKind
from prudence.cases.offices import Office
from prudence.cases.triage import (
    NO_SAFEGUARDING_DIMENSION,
    Route,
    SafeguardingTest,
    TriageDecision,
    triage,
    who_triages,
)
from prudence.school.people import Role
from prudence.school.profile import ReportsTo

LONDON = ZoneInfo("Europe/London")
OAKFIELD = "oakfield-primary"
RIVERSIDE = "riverside-academy"

# Oakfield's people, by the ids their accounts carry.
HEADTEACHER = "priya.shah"
DSL = "tom.evans"
DEPUTY_DSL = "amy.clarke"
TEACHER = "jess.moore"  # a class teacher
TEACHING_ASSISTANT = "dan.wright"
HR_OFFICER = "sue.patel"
GOVERNOR = "george.hall"
CHAIR = "ruth.okafor"  # chair of governors
ADMINISTRATOR = "office.admin"
PUPIL = "harry.whitaker"

HARMED_A_CHILD = SafeguardingTest(True, False, False)
POSSIBLE_OFFENCE = SafeguardingTest(False, True, False)
RISK_TO_CHILDREN = SafeguardingTest(False, False, True)
NO_DIMENSION = NO_SAFEGUARDING_DIMENSION


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment on the school's wall clock."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def colleague(person_id: str = TEACHER, *roles: Role) -> Subject:
    return Subject(SubjectKind.COLLEAGUE, person_id, frozenset({Role.COLLEAGUE, *roles}))


def pupil(person_id: str = PUPIL) -> Subject:
    return Subject(SubjectKind.PUPIL, person_id)


def the_headteacher() -> Subject:
    return colleague(HEADTEACHER, Role.HEADTEACHER)


def parent(reference: str = "OAK-7Q4M") -> ExternalReporter:
    return ExternalReporter("Mrs Emma Whitaker", "parent of a pupil in Year 6", reference)


def concern(**changes: Any) -> Concern:
    """A teacher reported by a teaching assistant for friending a pupil, unless told otherwise."""
    fields: dict[str, Any] = {
        "id": "concern-1",
        "school": OAKFIELD,
        "kind": ConcernKind.POLICY_NOT_FOLLOWED,
        "description": "Accepted a Year 6 pupil's friend request and has been messaging him.",
        "subject": colleague(),
        "received_at": at(2026, 11, 24),
        "reported_by": TEACHING_ASSISTANT,
    }
    fields.update(changes)
    if "external_reporter" in changes and "reported_by" not in changes:
        fields["reported_by"] = None
    return Concern(**fields)


def decide(
    about: Concern,
    *routes: Route,
    test: SafeguardingTest = NO_DIMENSION,
    reasons: str = "",
    reports_to: ReportsTo = ReportsTo.DESIGNATED_SAFEGUARDING_LEAD,
    now: datetime | None = None,
) -> TriageDecision:
    """Triage by whoever the settings and the subject call for."""
    office = who_triages(about.subject, reports_to)
    by = {
        Office.DESIGNATED_SAFEGUARDING_LEAD: DSL,
        Office.HEADTEACHER: HEADTEACHER,
        Office.CHAIR_OF_GOVERNORS: CHAIR,
    }[office]
    return triage(
        about,
        test=test,
        routes=routes,
        reasons=reasons,
        triaged_by=by,
        triaged_as=office,
        reports_to=reports_to,
        now=now or about.received_at,
    )


def allegation(subject: Subject | None = None, opened_at: datetime | None = None) -> Allegation:
    """An allegation opened the moment its concern was triaged."""
    received = opened_at or at(2026, 11, 24)
    about = concern(subject=subject or colleague(), received_at=received)
    decision = decide(about, Route.ALLEGATION, test=RISK_TO_CHILDREN)
    return Allegation(
        id="allegation-1",
        concern=about,
        decision=decision,
        opened_by=decision.triaged_by,
        now=received,
        reason="triage found a risk of harm to children",
    )
