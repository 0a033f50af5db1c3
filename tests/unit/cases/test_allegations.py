"""Allegations move only as their state table allows, and every move is in the chronology."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise, product

import pytest

from prudence.cases.allegations import (
    TRANSITIONS,
    Allegation,
    AllegationStatus,
    LadoReferral,
    TransitionRefused,
)
from prudence.cases.offices import Office
from prudence.cases.outcomes import Outcome
from prudence.cases.triage import Route
from tests.unit.cases.factories import (
    CHAIR,
    DSL,
    HARMED_A_CHILD,
    HEADTEACHER,
    allegation,
    at,
    concern,
    decide,
    the_headteacher,
)

S = AllegationStatus
OPENED_AT = at(2026, 11, 24, 9)
# The shortest way from opening to each status, following the table.
PATHS: dict[AllegationStatus, list[AllegationStatus]] = {
    S.OPENED: [],
    S.REFERRED_TO_LADO: [S.REFERRED_TO_LADO],
    S.UNDER_INVESTIGATION: [S.REFERRED_TO_LADO, S.UNDER_INVESTIGATION],
    S.POLICE_INVOLVED: [S.REFERRED_TO_LADO, S.POLICE_INVOLVED],
    S.OUTCOME_RECORDED: [S.REFERRED_TO_LADO, S.OUTCOME_RECORDED],
    S.CLOSED: [S.REFERRED_TO_LADO, S.OUTCOME_RECORDED, S.CLOSED],
}
# The table as the procedure reads, written out here so that a change to TRANSITIONS shows up.
EXPECTED_TABLE: dict[AllegationStatus, set[AllegationStatus]] = {
    S.OPENED: {S.REFERRED_TO_LADO},
    S.REFERRED_TO_LADO: {S.UNDER_INVESTIGATION, S.POLICE_INVOLVED, S.OUTCOME_RECORDED},
    S.UNDER_INVESTIGATION: {S.POLICE_INVOLVED, S.OUTCOME_RECORDED},
    S.POLICE_INVOLVED: {S.UNDER_INVESTIGATION, S.OUTCOME_RECORDED},
    S.OUTCOME_RECORDED: {S.CLOSED},
    S.CLOSED: set(),
}
ALLOWED = sorted((before, after) for before in S for after in EXPECTED_TABLE[before])
FORBIDDEN = sorted(
    (before, after) for before, after in product(S, S) if after not in EXPECTED_TABLE[before]
)


def referral(at_: datetime = OPENED_AT + timedelta(hours=2)) -> LadoReferral:
    return LadoReferral(
        referred_by=HEADTEACHER,
        referred_at=at_,
        lado_reference="LADO/2026/0412",
        advice="Strategy discussion on Thursday; do not speak to the colleague before then.",
    )


def move(case: Allegation, new: AllegationStatus, hours_later: int = 3) -> None:
    """Makes the move with whatever that status requires."""
    case.transition_to(
        new,
        actor=HEADTEACHER,
        now=case.chronology[-1].at + timedelta(hours=hours_later),
        reason=f"moving to {new}",
        referral=referral() if new is S.REFERRED_TO_LADO else None,
        outcome=Outcome.UNSUBSTANTIATED if new is S.OUTCOME_RECORDED else None,
    )


def allegation_that_is(status: AllegationStatus) -> Allegation:
    case = allegation(opened_at=OPENED_AT)
    for step in PATHS[status]:
        move(case, step)
    assert case.status is status
    return case


def test_every_status_can_be_reached_from_opening() -> None:
    assert set(PATHS) == set(S)
    for status, path in PATHS.items():
        assert all(after in TRANSITIONS[before] for before, after in pairwise([S.OPENED, *path]))
        assert allegation_that_is(status).status is status


@pytest.mark.parametrize(("before", "after"), ALLOWED, ids=lambda s: s.name)
def test_every_move_the_table_allows_is_made_and_recorded(
    before: AllegationStatus, after: AllegationStatus
) -> None:
    case = allegation_that_is(before)
    move(case, after)
    assert case.status is after
    last = case.chronology[-1]
    assert (last.before, last.after, last.actor) == (before, after, HEADTEACHER)


@pytest.mark.parametrize(("before", "after"), FORBIDDEN, ids=lambda s: s.name)
def test_every_move_the_table_forbids_is_refused(
    before: AllegationStatus, after: AllegationStatus
) -> None:
    case = allegation_that_is(before)
    entries = len(case.chronology)
    with pytest.raises(TransitionRefused, match=f"that is {before} cannot become {after}"):
        move(case, after)
    assert case.status is before and len(case.chronology) == entries


def test_the_table_is_the_one_the_procedure_describes_and_only_closing_is_final() -> None:
    assert dict(TRANSITIONS) == EXPECTED_TABLE
    assert [status for status in S if not TRANSITIONS[status]] == [S.CLOSED]


@pytest.mark.clause("2.7")
def test_an_opened_allegation_can_go_nowhere_but_to_the_lado() -> None:
    assert TRANSITIONS[S.OPENED] == {S.REFERRED_TO_LADO}


def test_the_refusal_says_what_the_allegation_may_become_instead() -> None:
    with pytest.raises(TransitionRefused, match="it may become referred to the LADO$"):
        move(allegation_that_is(S.OPENED), S.CLOSED)
    with pytest.raises(TransitionRefused, match="nothing: it is final"):
        move(allegation_that_is(S.CLOSED), S.OPENED)


def test_nothing_assigns_a_status_directly() -> None:
    case = allegation()
    with pytest.raises(AttributeError):
        case.status = S.CLOSED  # type: ignore[misc]
    assert case.status is S.OPENED


@pytest.mark.clause("2.7")
def test_the_lado_referral_records_who_called_when_the_reference_and_the_advice() -> None:
    case = allegation(opened_at=OPENED_AT)
    move(case, S.REFERRED_TO_LADO)
    assert case.lado_referral == referral()
    assert case.lado_referral.lado_reference == "LADO/2026/0412"


def test_a_referral_without_the_lado_reference_or_advice_is_refused() -> None:
    with pytest.raises(ValueError, match="reference the LADO gave"):
        LadoReferral(referred_by=DSL, referred_at=OPENED_AT, lado_reference=" ", advice="x")
    with pytest.raises(ValueError, match="advice the LADO gave"):
        LadoReferral(referred_by=DSL, referred_at=OPENED_AT, lado_reference="L/1", advice="")


def test_referring_to_the_lado_needs_the_referral_and_only_that_move_takes_one() -> None:
    case = allegation_that_is(S.OPENED)
    with pytest.raises(TransitionRefused, match="LADO's referral is given when"):
        case.transition_to(S.REFERRED_TO_LADO, actor=DSL, now=OPENED_AT, reason="called")
    move(case, S.REFERRED_TO_LADO)
    with pytest.raises(TransitionRefused, match="LADO's referral is given when"):
        case.transition_to(
            S.UNDER_INVESTIGATION,
            actor=DSL,
            now=OPENED_AT + timedelta(days=2),
            reason="strategy discussion held",
            referral=referral(),
        )


def test_a_referral_dated_before_the_opening_or_after_its_recording_is_refused() -> None:
    case = allegation_that_is(S.OPENED)
    for when in (OPENED_AT - timedelta(minutes=1), OPENED_AT + timedelta(hours=5)):
        with pytest.raises(TransitionRefused, match="between the allegation's opening"):
            case.transition_to(
                S.REFERRED_TO_LADO,
                actor=DSL,
                now=OPENED_AT + timedelta(hours=4),
                reason="called the LADO",
                referral=referral(when),
            )


def test_recording_the_outcome_needs_the_outcome_and_only_that_move_takes_one() -> None:
    case = allegation_that_is(S.UNDER_INVESTIGATION)
    later = case.chronology[-1].at + timedelta(days=10)
    with pytest.raises(TransitionRefused, match="an outcome is given when"):
        case.transition_to(S.OUTCOME_RECORDED, actor=HEADTEACHER, now=later, reason="concluded")
    with pytest.raises(TransitionRefused, match="an outcome is given when"):
        case.transition_to(
            S.POLICE_INVOLVED,
            actor=HEADTEACHER,
            now=later,
            reason="police informed",
            outcome=Outcome.FALSE,
        )
    case.transition_to(
        S.OUTCOME_RECORDED,
        actor=HEADTEACHER,
        now=later,
        reason="investigation concluded",
        outcome=Outcome.SUBSTANTIATED,
    )
    assert case.outcome is Outcome.SUBSTANTIATED


def test_every_move_needs_a_reason() -> None:
    case = allegation_that_is(S.OPENED)
    with pytest.raises(TransitionRefused, match="say why"):
        case.transition_to(
            S.REFERRED_TO_LADO, actor=DSL, now=OPENED_AT, reason=" ", referral=referral(OPENED_AT)
        )


def test_a_move_cannot_be_recorded_before_the_one_before_it() -> None:
    case = allegation_that_is(S.REFERRED_TO_LADO)
    with pytest.raises(TransitionRefused, match="before the one that came before"):
        case.transition_to(
            S.UNDER_INVESTIGATION, actor=DSL, now=OPENED_AT, reason="strategy discussion"
        )


def test_a_move_at_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        allegation().transition_to(
            S.REFERRED_TO_LADO,
            actor=DSL,
            now=datetime(2026, 11, 24, 12),
            reason="called",
            referral=referral(),
        )


def test_the_chronology_tells_the_whole_story_in_order() -> None:
    case = allegation_that_is(S.CLOSED)
    story = [(entry.before, entry.after) for entry in case.chronology]
    assert story == [
        (None, S.OPENED),
        (S.OPENED, S.REFERRED_TO_LADO),
        (S.REFERRED_TO_LADO, S.OUTCOME_RECORDED),
        (S.OUTCOME_RECORDED, S.CLOSED),
    ]
    times = [entry.at for entry in case.chronology]
    assert times == sorted(times)
    assert case.chronology[0].reason == "triage found a risk of harm to children"


def test_the_chronology_cannot_be_edited_from_outside() -> None:
    case = allegation()
    assert isinstance(case.chronology, tuple)


@pytest.mark.clause("2.7")
def test_only_a_concern_triaged_as_an_allegation_opens_one() -> None:
    about = concern()
    to_hr = decide(about, Route.DISCIPLINARY)
    with pytest.raises(TransitionRefused, match="only a concern triaged as an allegation"):
        Allegation(
            id="a-1", concern=about, decision=to_hr, opened_by=DSL, now=OPENED_AT, reason="x"
        )


def test_an_allegation_is_opened_from_the_decision_about_its_own_concern() -> None:
    other = concern(id="concern-2")
    decision = decide(concern(), Route.ALLEGATION, test=HARMED_A_CHILD)
    with pytest.raises(TransitionRefused, match="about another concern"):
        Allegation(
            id="a-1", concern=other, decision=decision, opened_by=DSL, now=OPENED_AT, reason="x"
        )


def test_an_allegation_cannot_be_opened_before_its_concern_was_triaged() -> None:
    about = concern()
    decision = decide(about, Route.ALLEGATION, test=HARMED_A_CHILD, now=at(2026, 11, 24, 12))
    with pytest.raises(TransitionRefused, match="before it was triaged"):
        Allegation(
            id="a-1", concern=about, decision=decision, opened_by=DSL, now=OPENED_AT, reason="x"
        )


@pytest.mark.clause("2.7")
def test_an_allegation_about_the_headteacher_is_managed_by_the_chair_of_governors() -> None:
    assert allegation(the_headteacher()).case_manager is Office.CHAIR_OF_GOVERNORS
    assert allegation().case_manager is Office.HEADTEACHER
    assert allegation(the_headteacher()).chronology[0].actor == CHAIR


@pytest.mark.clause("2.7")
def test_an_allegation_not_referred_within_a_working_day_is_overdue_and_escalated() -> None:
    case = allegation(opened_at=at(2026, 12, 24, 10))
    assert case.lado_deadline() == at(2026, 12, 29, 10)
    assert not case.is_lado_overdue(at(2026, 12, 29, 9, 59))
    assert case.is_lado_overdue(at(2026, 12, 29, 10, 1))
    assert case.escalate_to() == (Office.HEADTEACHER, Office.CHAIR_OF_GOVERNORS)
    assert allegation(the_headteacher()).escalate_to() == (Office.CHAIR_OF_GOVERNORS,)


def test_once_referred_an_allegation_is_no_longer_overdue() -> None:
    case = allegation(opened_at=OPENED_AT)
    move(case, S.REFERRED_TO_LADO)
    assert not case.is_lado_overdue(OPENED_AT + timedelta(days=7))
