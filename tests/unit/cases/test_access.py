"""Need to know: every role against every kind of case, at its own school and at another."""

from __future__ import annotations

from itertools import product

import pytest

from prudence.cases.access import (
    SUPPRESSED,
    AnonymisedCount,
    Case,
    anonymised_counts,
    can_read,
)
from prudence.cases.concerns import ConcernKind
from prudence.cases.outcomes import Outcome
from prudence.cases.triage import Route
from prudence.school.people import Role
from tests.unit.cases.factories import (
    ADMINISTRATOR,
    CHAIR,
    DEPUTY_DSL,
    DSL,
    GOVERNOR,
    HEADTEACHER,
    HR_OFFICER,
    OAKFIELD,
    RISK_TO_CHILDREN,
    RIVERSIDE,
    TEACHER,
    colleague,
    concern,
    decide,
    pupil,
    the_headteacher,
)

PE_TEACHER = "mark.lee"  # whom most of these cases are about
LINE_MANAGER = "kate.brown"

VIEWERS: dict[str, tuple[str, frozenset[Role]]] = {
    "a colleague": (TEACHER, frozenset({Role.COLLEAGUE})),
    "a line manager": (LINE_MANAGER, frozenset({Role.COLLEAGUE, Role.LINE_MANAGER})),
    "the DSL": (DSL, frozenset({Role.COLLEAGUE, Role.DSL})),
    "the deputy DSL": (DEPUTY_DSL, frozenset({Role.COLLEAGUE, Role.DEPUTY_DSL})),
    "the headteacher": (HEADTEACHER, frozenset({Role.COLLEAGUE, Role.HEADTEACHER})),
    "HR": (HR_OFFICER, frozenset({Role.HR})),
    "a governor": (GOVERNOR, frozenset({Role.GOVERNOR})),
    "the chair of governors": (CHAIR, frozenset({Role.GOVERNOR, Role.CHAIR_OF_GOVERNORS})),
    "the administrator": (ADMINISTRATOR, frozenset({Role.ADMINISTRATOR})),
}


def own_report(school: str) -> Case:
    """Reported by the colleague viewer, closed with advice."""
    reported = concern(school=school, reported_by=TEACHER, subject=colleague(PE_TEACHER))
    return Case(
        concern=reported,
        triage=decide(reported, Route.ADVICE_GIVEN, reasons="Reminded of 4.1.2."),
    )


def someone_elses_report(school: str) -> Case:
    """Reported by a teaching assistant, not yet triaged."""
    return Case(concern=concern(school=school, subject=colleague(PE_TEACHER)))


def referred_to_hr(school: str) -> Case:
    reported = concern(school=school, subject=colleague(PE_TEACHER))
    return Case(concern=reported, triage=decide(reported, Route.DISCIPLINARY))


def about_the_headteacher(school: str) -> Case:
    reported = concern(school=school, subject=the_headteacher())
    return Case(
        concern=reported,
        triage=decide(reported, Route.ALLEGATION, test=RISK_TO_CHILDREN),
        assigned_to=CHAIR,
    )


CASES = {
    "their own report": own_report,
    "someone else's report": someone_elses_report,
    "a case referred to HR": referred_to_hr,
    "an allegation about the headteacher": about_the_headteacher,
}
# Who reads what at their own school; at another school nobody reads anything.
Y, N = True, False
MATRIX: dict[str, tuple[bool, bool, bool, bool]] = {
    "a colleague": (Y, N, N, N),
    "a line manager": (N, N, N, N),
    "the DSL": (Y, Y, Y, Y),
    "the deputy DSL": (Y, Y, Y, Y),
    "the headteacher": (Y, Y, Y, N),
    "HR": (N, N, Y, N),
    "a governor": (N, N, N, N),
    "the chair of governors": (N, N, N, Y),
    "the administrator": (N, N, N, N),
}
SCHOOLS = [OAKFIELD, RIVERSIDE]


def test_the_matrix_covers_every_role() -> None:
    assert set(VIEWERS) == set(MATRIX)
    assert {role for _, roles in VIEWERS.values() for role in roles} == set(Role)


@pytest.mark.parametrize(
    ("viewer", "case_name", "viewer_school", "case_school"),
    list(product(VIEWERS, CASES, SCHOOLS, SCHOOLS)),
)
def test_who_reads_which_case_at_which_school(
    viewer: str, case_name: str, viewer_school: str, case_school: str
) -> None:
    viewer_id, roles = VIEWERS[viewer]
    case = CASES[case_name](case_school)
    expected = MATRIX[viewer][list(CASES).index(case_name)] and viewer_school == case_school
    decision = can_read(roles, viewer_id, viewer_school, case)
    assert decision.allowed is expected, decision.reason
    assert decision.reason


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_nobody_ever_reads_another_schools_case_and_is_told_why(viewer: str) -> None:
    viewer_id, roles = VIEWERS[viewer]
    decision = can_read(roles, viewer_id, RIVERSIDE, own_report(OAKFIELD))
    assert not decision.allowed and "another school's" in decision.reason


def test_a_colleague_reads_their_own_report_because_they_made_it() -> None:
    decision = can_read({Role.COLLEAGUE}, TEACHER, OAKFIELD, own_report(OAKFIELD))
    assert decision.allowed and decision.reason == "you reported it"


@pytest.mark.clause("2.5")
def test_a_colleague_who_reports_being_harassed_online_reads_the_case_about_them() -> None:
    reported = concern(
        kind=ConcernKind.COLLEAGUE_TARGETED_ONLINE,
        reported_by=TEACHER,
        subject=colleague(TEACHER),
        description="A parent's group chat is spreading false claims about me.",
    )
    assert can_read({Role.COLLEAGUE}, TEACHER, OAKFIELD, Case(concern=reported)).allowed


@pytest.mark.clause("2.7")
def test_the_headteacher_cannot_read_an_allegation_about_the_headteacher() -> None:
    decision = can_read({Role.HEADTEACHER}, HEADTEACHER, OAKFIELD, about_the_headteacher(OAKFIELD))
    assert not decision.allowed and "about you" in decision.reason


def test_the_dsl_cannot_read_a_case_about_the_dsl_but_the_deputy_can() -> None:
    reported = concern(subject=colleague(DSL, Role.DSL))
    case = Case(concern=reported, triage=decide(reported, Route.DISCIPLINARY))
    assert not can_read({Role.DSL}, DSL, OAKFIELD, case).allowed
    assert can_read({Role.DEPUTY_DSL}, DEPUTY_DSL, OAKFIELD, case).allowed


@pytest.mark.clause("2.6")
def test_hr_reads_a_case_once_it_is_referred_under_the_disciplinary_policy() -> None:
    decision = can_read({Role.HR}, HR_OFFICER, OAKFIELD, referred_to_hr(OAKFIELD))
    assert decision.allowed and "(2.6)" in decision.reason
    assert not can_read({Role.HR}, HR_OFFICER, OAKFIELD, someone_elses_report(OAKFIELD)).allowed


def test_a_governor_is_told_they_see_figures_not_cases() -> None:
    decision = can_read({Role.GOVERNOR}, GOVERNOR, OAKFIELD, referred_to_hr(OAKFIELD))
    assert not decision.allowed and "anonymised figures" in decision.reason


def test_a_case_and_its_triage_must_be_about_the_same_concern() -> None:
    first, second = concern(id="concern-1"), concern(id="concern-2")
    with pytest.raises(ValueError, match="another concern"):
        Case(concern=first, triage=decide(second, Route.DISCIPLINARY))


def kinds_of(
    kind: ConcernKind, n: int, school: str = OAKFIELD, outcome: Outcome | None = None
) -> list[Case]:
    """`n` cases of one kind at one school, all with the same outcome."""
    about = pupil() if kind is ConcernKind.PUPIL_BEHAVIOUR_ONLINE else colleague(PE_TEACHER)
    return [
        Case(
            concern=concern(
                id=f"{school}-{kind.name}-{i}", school=school, kind=kind, subject=about
            ),
            outcome=outcome,
        )
        for i in range(n)
    ]


def shown(counts: list[AnonymisedCount]) -> dict[tuple[ConcernKind, Outcome | None], str]:
    return {(count.kind, count.outcome): count.shown for count in counts}


def test_governors_figures_withhold_counts_under_five() -> None:
    cases = (
        kinds_of(ConcernKind.PUPIL_CONTACT, 6)
        + kinds_of(ConcernKind.POLICY_NOT_FOLLOWED, 5, outcome=Outcome.UNSUBSTANTIATED)
        + kinds_of(ConcernKind.POLICY_NOT_FOLLOWED, 4, outcome=Outcome.SUBSTANTIATED)
        + kinds_of(ConcernKind.MEDIA_CONTACT_OR_PAYMENT, 1)
    )
    figures = shown(anonymised_counts(cases, OAKFIELD))
    assert figures[ConcernKind.PUPIL_CONTACT, None] == "6"
    assert figures[ConcernKind.POLICY_NOT_FOLLOWED, Outcome.UNSUBSTANTIATED] == "5"
    assert figures[ConcernKind.POLICY_NOT_FOLLOWED, Outcome.SUBSTANTIATED] == SUPPRESSED
    assert figures[ConcernKind.MEDIA_CONTACT_OR_PAYMENT, None] == "fewer than 5"


def test_a_withheld_count_carries_no_number_at_all() -> None:
    counts = anonymised_counts(kinds_of(ConcernKind.PUPIL_CONTACT, 3), OAKFIELD)
    cell = next(c for c in counts if (c.kind, c.outcome) == (ConcernKind.PUPIL_CONTACT, None))
    assert cell.count is None


def test_every_kind_and_outcome_is_listed_even_when_empty() -> None:
    counts = anonymised_counts([], OAKFIELD)
    assert len(counts) == len(ConcernKind) * (len(Outcome) + 1)
    assert {c.shown for c in counts} == {SUPPRESSED}


def test_governors_figures_count_only_their_own_schools_cases() -> None:
    cases = kinds_of(ConcernKind.PUPIL_BEHAVIOUR_ONLINE, 7, RIVERSIDE) + kinds_of(
        ConcernKind.PUPIL_BEHAVIOUR_ONLINE, 2, OAKFIELD
    )
    assert (
        shown(anonymised_counts(cases, OAKFIELD))[ConcernKind.PUPIL_BEHAVIOUR_ONLINE, None]
        == SUPPRESSED
    )
    assert (
        shown(anonymised_counts(cases, RIVERSIDE))[ConcernKind.PUPIL_BEHAVIOUR_ONLINE, None] == "7"
    )
