"""Need to know: who may read a case, and the anonymised figures governors see instead."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product

from prudence.cases.concerns import Concern, ConcernKind
from prudence.cases.outcomes import Outcome
from prudence.cases.triage import TriageDecision
from prudence.school.people import Role

SUPPRESS_BELOW = 5  # a smaller count could point to the people behind it
SUPPRESSED = "fewer than 5"
_SEES_ALL = frozenset({Role.DSL, Role.DEPUTY_DSL, Role.HEADTEACHER})


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """A concern with what has been decided about it: what access to it is judged on."""

    concern: Concern
    triage: TriageDecision | None = None
    outcome: Outcome | None = None  # an allegation's, once recorded
    # The person handling it outside the usual roles: the chair of governors, for the headteacher.
    assigned_to: str | None = None

    def __post_init__(self) -> None:
        if self.triage is not None and self.triage.concern_id != self.concern.id:
            raise ValueError("the triage decision is about another concern")

    @property
    def school(self) -> str:
        return self.concern.school

    @property
    def referred_to_hr(self) -> bool:
        return self.triage is not None and self.triage.referred_to_hr


@dataclass(frozen=True, slots=True)
class AccessDecision:
    """Whether a person may read a case, and the reason, to show them or to audit."""

    allowed: bool
    reason: str


def can_read(
    viewer_roles: Iterable[Role], viewer_id: str, viewer_school: str, case: Case
) -> AccessDecision:
    """Whether the viewer may read the case; the rules are tried in order and the first decides."""
    roles = frozenset(viewer_roles)
    if viewer_school != case.school:
        return AccessDecision(False, "cases belong to their school; this one is another school's")
    if case.concern.reported_by == viewer_id:
        return AccessDecision(True, "you reported it")
    if case.assigned_to == viewer_id:
        return AccessDecision(True, "it was passed to you to handle")
    if case.concern.subject.person_id == viewer_id:
        # Whatever their role: the allegation about the headteacher is why the chair handles it.
        return AccessDecision(False, "a case about you is handled by others, who will tell you")
    if seeing := sorted(roles & _SEES_ALL):
        return AccessDecision(True, f"the {seeing[0]} sees all of the school's cases")
    if Role.HR in roles and case.referred_to_hr:
        return AccessDecision(True, "it was referred to HR under the disciplinary policy (2.6)")
    if Role.GOVERNOR in roles:
        return AccessDecision(False, "governors see anonymised figures, never a case")
    return AccessDecision(False, "only those who need to know may read a case")


@dataclass(frozen=True, slots=True)
class AnonymisedCount:
    """How many of a school's cases were of one kind with one outcome; small counts withheld."""

    kind: ConcernKind
    outcome: Outcome | None  # None: not an allegation, or not yet concluded
    count: int | None  # None when suppressed, so the exact figure never leaves this function

    @property
    def shown(self) -> str:
        return SUPPRESSED if self.count is None else str(self.count)


def anonymised_counts(cases: Iterable[Case], school: str) -> list[AnonymisedCount]:
    """Every kind and outcome, with how many of the school's cases fall in each."""
    tally = Counter((case.concern.kind, case.outcome) for case in cases if case.school == school)
    outcomes: list[Outcome | None] = [*Outcome, None]
    # Every cell is listed, empty ones too: leaving a cell out would show it was empty.
    return [
        AnonymisedCount(kind, outcome, n if (n := tally[kind, outcome]) >= SUPPRESS_BELOW else None)
        for kind, outcome in product(ConcernKind, outcomes)
    ]
