"""Triage: the safeguarding test of clause 2.7 and the routes a concern is sent down."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from prudence.cases.clock import require_aware
from prudence.cases.concerns import Concern, Subject, SubjectKind
from prudence.cases.offices import Office, named_in_settings
from prudence.school.people import Role
from prudence.school.profile import ReportsTo


class TriageRefused(ValueError):
    """A triage decision the policy does not allow, with the reason in words."""


class Route(StrEnum):
    """Where a concern goes after triage; one concern may go down several routes at once."""

    ALLEGATION = "allegation to the LADO"
    POLICE = "police"
    DISCIPLINARY = "disciplinary, with HR"
    CHILD_PROTECTION = "child protection"
    PUPIL_DISCIPLINE = "pupil discipline"
    ADVICE_GIVEN = "advice given"
    NO_FURTHER_ACTION = "no further action"

    @property
    def clause(self) -> str | None:
        """The clause that opens the route; None for the ways a concern is closed at triage."""
        return _ROUTE_CLAUSES.get(self)


_ROUTE_CLAUSES = {
    Route.ALLEGATION: "2.7",
    Route.POLICE: "2.8",
    Route.DISCIPLINARY: "2.6",
    Route.CHILD_PROTECTION: "4.1.15",
    Route.PUPIL_DISCIPLINE: "5.1.5",
}
# These close a concern on the spot, so they cannot sit beside a route that keeps it open.
CLOSING_ROUTES = frozenset({Route.ADVICE_GIVEN, Route.NO_FURTHER_ACTION})
# The LADO and HR deal with the adults who work with children, not with the children.
_FOR_COLLEAGUES = frozenset({Route.ALLEGATION, Route.DISCIPLINARY})
_FOR_PUPILS = frozenset({Route.CHILD_PROTECTION, Route.PUPIL_DISCIPLINE})


@dataclass(frozen=True, slots=True)
class SafeguardingTest:
    """Clause 2.7's three questions about the person a concern is about, each answered yes or no."""

    harmed_or_may_have_harmed_a_child: bool
    possible_offence_against_or_related_to_a_child: bool
    behaved_in_a_way_suggesting_a_risk_to_children: bool

    @property
    def answers(self) -> dict[str, bool]:
        return {
            "has harmed, or may have harmed, a child": self.harmed_or_may_have_harmed_a_child,
            "may have committed a criminal offence against or related to a child": (
                self.possible_offence_against_or_related_to_a_child
            ),
            "has behaved in a way that suggests a risk of harm to children": (
                self.behaved_in_a_way_suggesting_a_risk_to_children
            ),
        }

    @property
    def has_safeguarding_dimension(self) -> bool:
        """Any yes makes it an allegation that must go to the LADO."""
        return any(self.answers.values())

    @property
    def reasons(self) -> tuple[str, ...]:
        """The questions answered yes, in the order 2.7 asks them."""
        return tuple(question for question, yes in self.answers.items() if yes)


NO_SAFEGUARDING_DIMENSION = SafeguardingTest(False, False, False)


def who_triages(subject: Subject, reports_to: ReportsTo) -> Office:
    """The office that triages a concern about `subject`, given the school's settings."""
    if subject.is_headteacher:
        return Office.CHAIR_OF_GOVERNORS
    named = named_in_settings(reports_to)
    # Nobody decides about themselves: a concern about the lead the settings name goes up a level.
    if named is Office.DESIGNATED_SAFEGUARDING_LEAD and Role.DSL in subject.roles:
        return Office.HEADTEACHER
    return named


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageDecision:
    """What the person triaging decided about one concern, and why."""

    concern_id: str
    school: str
    test: SafeguardingTest
    routes: frozenset[Route]
    reasons: str
    triaged_by: str
    triaged_as: Office
    decided_at: datetime

    @property
    def is_allegation(self) -> bool:
        return Route.ALLEGATION in self.routes

    @property
    def referred_to_hr(self) -> bool:
        return Route.DISCIPLINARY in self.routes


def triage(
    concern: Concern,
    *,
    test: SafeguardingTest,
    routes: Iterable[Route],
    reasons: str = "",
    triaged_by: str,
    triaged_as: Office,
    reports_to: ReportsTo,
    now: datetime,
) -> TriageDecision:
    """Records a triage decision, refusing one the policy does not allow."""
    require_aware(now, "now")
    chosen = frozenset(routes)
    if now < concern.received_at:
        raise TriageRefused("a concern cannot be triaged before it was received")
    expected = who_triages(concern.subject, reports_to)
    if triaged_as is not expected:
        raise TriageRefused(_wrong_office(concern.subject, expected, triaged_as))
    if triaged_by == concern.subject.person_id:
        raise TriageRefused("nobody triages a concern about themselves")
    if not chosen:
        raise TriageRefused("choose at least one route")
    _check_subject(concern.subject, test, chosen)
    _check_safeguarding(test, chosen)
    _check_closing(chosen, reasons)
    return TriageDecision(
        concern_id=concern.id,
        school=concern.school,
        test=test,
        routes=chosen,
        reasons=reasons.strip(),
        triaged_by=triaged_by,
        triaged_as=triaged_as,
        decided_at=now,
    )


def _wrong_office(subject: Subject, expected: Office, given: Office) -> str:
    if subject.is_headteacher:
        return (
            f"a concern about the headteacher is triaged by the chair of governors, not the {given}"
        )
    return f"this school's concerns are triaged by the {expected}, not the {given}"


def _check_subject(subject: Subject, test: SafeguardingTest, routes: frozenset[Route]) -> None:
    if subject.kind is not SubjectKind.COLLEAGUE:
        if test.has_safeguarding_dimension:
            raise TriageRefused(
                "the safeguarding test of 2.7 is about adults who work with children; "
                "a child at risk goes through the school's child protection procedure"
            )
        if misplaced := sorted(routes & _FOR_COLLEAGUES):
            raise TriageRefused(f"{_listed(misplaced)} is only for concerns about a colleague")
    if subject.kind is not SubjectKind.PUPIL and (misplaced := sorted(routes & _FOR_PUPILS)):
        raise TriageRefused(f"{_listed(misplaced)} is only for concerns about a pupil")


def _check_safeguarding(test: SafeguardingTest, routes: frozenset[Route]) -> None:
    if test.has_safeguarding_dimension and Route.ALLEGATION not in routes:
        raise TriageRefused(
            f"the person {test.reasons[0]}: that is an allegation and must go to the LADO (2.7)"
        )
    if Route.ALLEGATION in routes and not test.has_safeguarding_dimension:
        raise TriageRefused(
            "an allegation goes to the LADO only when one of 2.7's questions is answered yes"
        )
    # A possible offence is a concern about legality, which the school must pass to the police.
    if test.possible_offence_against_or_related_to_a_child and Route.POLICE not in routes:
        raise TriageRefused("a possible criminal offence must also be passed to the police (2.8)")


def _check_closing(routes: frozenset[Route], reasons: str) -> None:
    closing = sorted(routes & CLOSING_ROUTES)
    if closing and len(routes) > 1:
        raise TriageRefused(
            f"{_listed(closing)} closes the concern and cannot go with other routes"
        )
    if closing and not reasons.strip():
        raise TriageRefused(f"write down why the decision is {closing[0]}")


def _listed(routes: list[Route]) -> str:
    return " and ".join(f"'{route}'" for route in routes)
