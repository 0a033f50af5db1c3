"""Declarations: declared, decided with conditions or refused, and brought back for review."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from prudence.cases.declarations import (
    Decision,
    Declaration,
    DeclarationKind,
    Verdict,
    reminders_due,
)
from tests.unit.cases.factories import DSL, HEADTEACHER, PUPIL, TEACHER, at


def declaration(**changes: Any) -> Declaration:
    """A teacher whose nephew is in Year 6, unless told otherwise."""
    fields: dict[str, Any] = {
        "id": "declaration-1",
        "school": "oakfield-primary",
        "colleague_id": TEACHER,
        "kind": DeclarationKind.RELATED_TO_PUPIL,
        "details": "My nephew Harry is in Year 6; we are friends on Facebook as family.",
        "declared_at": at(2026, 9, 7),
        "pupil_id": PUPIL,
    }
    fields.update(changes)
    return Declaration(**fields)


def approval(review_on: date = date(2027, 7, 16), **changes: Any) -> Decision:
    fields: dict[str, Any] = {
        "verdict": Verdict.APPROVED_WITH_CONDITIONS,
        "decided_by": DSL,
        "decided_at": at(2026, 9, 8),
        "reasons": "A family relationship the school did not create.",
        "conditions": ("No messages about school matters.", "Nothing posted about school."),
        "review_on": review_on,
    }
    fields.update(changes)
    return Decision(**fields)


def refusal(**changes: Any) -> Decision:
    fields: dict[str, Any] = {
        "verdict": Verdict.REFUSED,
        "decided_by": HEADTEACHER,
        "decided_at": at(2026, 9, 8),
        "reasons": "The pupil is still of school age at a partner school.",
    }
    fields.update(changes)
    return Decision(**fields)


@pytest.mark.parametrize(
    ("kind", "clause"),
    [
        (DeclarationKind.RELATED_TO_PUPIL, "2.3"),
        (DeclarationKind.CONTACT_WITH_RECENT_PUPIL, "4.1.3"),
        (DeclarationKind.DIFFICULTY_COMPLYING, "4.1"),
    ],
)
def test_each_kind_of_declaration_rests_on_the_clause_that_asks_for_it(
    kind: DeclarationKind, clause: str
) -> None:
    assert kind.clause == clause


@pytest.mark.clause("2.3")
def test_a_colleague_related_to_a_pupil_declares_it_and_is_approved_with_conditions() -> None:
    decided = declaration().decide(approval())
    assert decided.decision is not None
    assert decided.decision.verdict is Verdict.APPROVED_WITH_CONDITIONS
    assert decided.decision.conditions == (
        "No messages about school matters.",
        "Nothing posted about school.",
    )
    assert decided.review_on == date(2027, 7, 16)


@pytest.mark.clause("4.1.3")
def test_a_wish_to_stay_in_contact_with_a_recent_pupil_can_be_refused() -> None:
    wish = declaration(
        kind=DeclarationKind.CONTACT_WITH_RECENT_PUPIL,
        details="I coached Millie's football team and would like to keep in touch.",
        pupil_id="millie.barnes",
    )
    decided = wish.decide(refusal())
    assert decided.decision is not None and decided.decision.verdict is Verdict.REFUSED
    assert decided.review_on is None


@pytest.mark.clause("2.3")
@pytest.mark.parametrize(
    "kind", [DeclarationKind.RELATED_TO_PUPIL, DeclarationKind.CONTACT_WITH_RECENT_PUPIL]
)
def test_a_declaration_about_a_pupil_names_the_pupil(kind: DeclarationKind) -> None:
    with pytest.raises(ValueError, match="names the pupil"):
        declaration(kind=kind, pupil_id=None)


@pytest.mark.clause("4.1")
def test_a_difficulty_in_complying_can_be_declared_without_naming_a_pupil() -> None:
    difficulty = declaration(
        kind=DeclarationKind.DIFFICULTY_COMPLYING,
        details="I run the village football club's page, which pupils follow.",
        pupil_id=None,
    )
    assert difficulty.decision is None and difficulty.kind.clause == "4.1"


def test_a_declaration_without_details_is_refused() -> None:
    with pytest.raises(ValueError, match="needs details"):
        declaration(details=" ")


def test_an_approval_names_its_conditions() -> None:
    with pytest.raises(ValueError, match="names the conditions"):
        approval(conditions=())
    with pytest.raises(ValueError, match="names the conditions"):
        approval(conditions=("  ",))


def test_an_approval_needs_a_review_date() -> None:
    with pytest.raises(ValueError, match="date on which it will be reviewed"):
        Decision(
            verdict=Verdict.APPROVED_WITH_CONDITIONS,
            decided_by=DSL,
            decided_at=at(2026, 9, 8),
            reasons="Family.",
            conditions=("No school matters.",),
        )


def test_a_refusal_sets_no_conditions() -> None:
    with pytest.raises(ValueError, match="a refusal sets no conditions"):
        refusal(conditions=("Only on Sundays.",))


def test_a_decision_without_reasons_is_refused() -> None:
    with pytest.raises(ValueError, match="reasons"):
        refusal(reasons="")


def test_a_decision_at_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        refusal(decided_at=datetime(2026, 9, 8, 9))


def test_nobody_decides_their_own_declaration() -> None:
    with pytest.raises(ValueError, match="their own declaration"):
        declaration().decide(approval(decided_by=TEACHER))


def test_a_decision_cannot_come_before_the_declaration() -> None:
    with pytest.raises(ValueError, match="cannot come before"):
        declaration().decide(approval(decided_at=at(2026, 9, 6)))


def test_a_review_makes_a_new_decision_and_keeps_the_old_one() -> None:
    first = declaration().decide(approval(date(2027, 7, 16)))
    reviewed = first.decide(approval(date(2028, 7, 14), decided_at=at(2027, 7, 16)))
    assert [d.review_on for d in reviewed.decisions] == [date(2027, 7, 16), date(2028, 7, 14)]
    assert reviewed.review_on == date(2028, 7, 14)
    assert first.review_on == date(2027, 7, 16)  # the earlier value is unchanged
    with pytest.raises(ValueError, match="cannot come before"):
        reviewed.decide(approval(decided_at=at(2027, 1, 1)))


@pytest.mark.clause("2.3")
def test_reminders_list_reviews_within_the_lead_time_and_overdue_ones_soonest_first() -> None:
    overdue = declaration(id="d-overdue").decide(approval(date(2027, 6, 30)))
    today_ = declaration(id="d-today").decide(approval(date(2027, 7, 5)))
    edge = declaration(id="d-edge").decide(approval(date(2027, 7, 19)))
    later = declaration(id="d-later").decide(approval(date(2027, 7, 20)))
    undecided = declaration(id="d-undecided")
    refused = declaration(id="d-refused").decide(refusal())
    due = reminders_due([later, edge, undecided, today_, refused, overdue], date(2027, 7, 5), 14)
    assert [d.id for d in due] == ["d-overdue", "d-today", "d-edge"]


def test_with_no_lead_time_only_reviews_due_today_or_overdue_are_listed() -> None:
    due_today = declaration(id="d-today").decide(approval(date(2027, 7, 5)))
    tomorrow = declaration(id="d-tomorrow").decide(approval(date(2027, 7, 6)))
    assert reminders_due([tomorrow, due_today], date(2027, 7, 5), 0) == [due_today]


def test_a_negative_lead_time_is_refused() -> None:
    with pytest.raises(ValueError, match="lead time"):
        reminders_due([], date(2027, 7, 5), -1)
