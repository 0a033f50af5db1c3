"""The governors' report: the right figures, and no figure that points to a person."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from prudence.school.governors_report import (
    Count,
    GovernorsReport,
    Line,
    ReviewState,
    Suppression,
    build_report,
    review_status,
    suppress,
)

TODAY = date(2026, 3, 2)
OPENED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
DEADLINE = OPENED + timedelta(days=1)


def report(**changes: Any) -> GovernorsReport:
    inputs: dict[str, Any] = {
        "today": TODAY,
        "acknowledgements": {"staff": (45, 50), "governor": (6, 12)},
        "concerns_by_type": {"pupil contact": 7, "disparaging post": 9},
        "concerns_by_outcome": {"advice given": 10, "no further action": 6},
        "allegations_by_type": {"harm to a child": 5, "conduct online": 6},
        "allegations_by_outcome": {"referred to the LADO": 5, "open": 6},
        "lado_referrals": [],
        "declarations_due_for_review": 8,
        "checker_use": {"ok": 120, "review": 30, "block": 12},
        "review_date": date(2027, 1, 31),
    }
    inputs.update(changes)
    return build_report(**inputs)


def referral(hours: float | None, *, deadline: datetime = DEADLINE) -> tuple[Any, ...]:
    referred = None if hours is None else OPENED + timedelta(hours=hours)
    return (OPENED, referred, deadline)


def counts(value: object) -> Iterator[Count]:
    """Every Count anywhere in a report."""
    if isinstance(value, Count):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from counts(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from counts(item)


def shown(values: Mapping[str, int], *lines: Line[str]) -> dict[str, str]:
    return {key: str(count) for key, count in suppress(values, list(lines)).items()}


@pytest.mark.parametrize("value", range(5))
def test_a_count_under_five_is_shown_as_fewer_than_five_and_never_as_the_number(
    value: int,
) -> None:
    count = suppress({"declarations": value}, [])["declarations"]
    assert count == Count(None, Suppression.SMALL)
    assert str(count) == "fewer than 5"


def test_a_count_of_five_or_more_is_shown() -> None:
    assert suppress({"declarations": 5}, [])["declarations"] == Count(5)


def test_a_count_is_either_a_number_or_suppressed() -> None:
    with pytest.raises(ValueError, match="either shown or suppressed"):
        Count(3, Suppression.SMALL)
    with pytest.raises(ValueError, match="either shown or suppressed"):
        Count(None)
    with pytest.raises(ValueError, match="cannot be negative"):
        suppress({"declarations": -1}, [])


def test_a_total_that_would_reveal_the_one_suppressed_count_by_subtraction_is_withheld() -> None:
    assert shown({"ok": 12, "block": 3, "total": 15}, Line(("ok", "block"), "total")) == {
        "ok": "12",
        "block": "fewer than 5",
        "total": "withheld",
    }


def test_a_total_is_shown_when_the_suppressed_counts_it_hides_could_be_several_things() -> None:
    values = {"ok": 20, "review": 2, "block": 3, "total": 25}
    assert shown(values, Line(("ok", "review", "block"), "total"))["total"] == "25"


@pytest.mark.parametrize(
    "small",
    [(0, 0), (4, 4), (0, 0, 0)],
    ids=["all nought", "all four", "three noughts"],
)
def test_a_total_is_withheld_when_the_suppressed_counts_could_only_be_one_thing(
    small: tuple[int, ...],
) -> None:
    values = {"ok": 20, **{f"other {n}": v for n, v in enumerate(small)}}
    values["total"] = sum(values.values())
    cells = tuple(key for key in values if key != "total")
    assert shown(values, Line(cells, "total"))["total"] == "withheld"


@pytest.mark.parametrize("column_first", [False, True])
def test_withholding_a_row_total_withholds_the_grand_total_that_would_reveal_it(
    column_first: bool,
) -> None:
    values = {"a1": 10, "a2": 3, "a": 13, "b1": 10, "b2": 10, "b": 20, "all": 33}
    rows = [Line(("a1", "a2"), "a"), Line(("b1", "b2"), "b")]
    column = Line(("a", "b"), "all")
    lines = [column, *rows] if column_first else [*rows, column]
    assert shown(values, *lines) == {
        "a1": "10",
        "a2": "fewer than 5",
        "a": "withheld",
        "b1": "10",
        "b2": "10",
        "b": "20",
        "all": "withheld",
    }


def test_a_withheld_total_whose_parts_are_all_shown_elsewhere_has_its_smallest_part_withheld() -> (
    None
):
    values = {"contact": 3, "post": 10, "advice": 7, "no action": 6, "total": 13}
    by_type = Line(("contact", "post"), "total")
    by_outcome = Line(("advice", "no action"), "total")
    assert shown(values, by_type, by_outcome) == {
        "contact": "fewer than 5",
        "post": "10",
        "advice": "7",
        "no action": "withheld",
        "total": "withheld",
    }


def _determinable(cells: tuple[int, ...], hidden: dict[int, Suppression], total: int) -> bool:
    """Brute force: can a reader who sees the total pin down any hidden cell?"""
    rest = total - sum(v for i, v in enumerate(cells) if i not in hidden)
    ranges = [
        range(0, 5) if why is Suppression.SMALL else range(5, total + 1) for why in hidden.values()
    ]
    possible = [combo for combo in itertools.product(*ranges) if sum(combo) == rest]
    return any(len({combo[i] for combo in possible}) == 1 for i in range(len(hidden)))


@pytest.mark.parametrize("size", [1, 2, 3])
def test_a_total_is_withheld_exactly_when_a_reader_could_work_out_a_suppressed_count(
    size: int,
) -> None:
    for cells in itertools.product(range(0, 11), repeat=size):
        values = {f"c{i}": v for i, v in enumerate(cells)} | {"total": sum(cells)}
        result = suppress(values, [Line(tuple(f"c{i}" for i in range(size)), "total")])
        hidden = {i: why for i in range(size) if (why := result[f"c{i}"].suppressed) is not None}
        would_reveal = bool(hidden) and _determinable(cells, hidden, sum(cells))
        if sum(cells) >= 5:
            assert (result["total"].suppressed is Suppression.PROTECTS_SMALL) is would_reveal, cells


@pytest.mark.clause("3.1")
def test_acknowledgement_coverage_is_shown_by_group_with_a_percentage_where_it_is_safe() -> None:
    built = report(acknowledgements={"staff": (45, 50), "volunteer": (6, 8)})
    staff, volunteers = built.acknowledgements
    assert (staff.group, str(staff.acknowledged), str(staff.outstanding), str(staff.covered)) == (
        "staff",
        "45",
        "5",
        "50",
    )
    assert staff.percent == 90
    assert (str(volunteers.acknowledged), str(volunteers.outstanding), str(volunteers.covered)) == (
        "6",
        "fewer than 5",
        "withheld",
    )
    assert volunteers.percent is None
    overall = built.acknowledgements_overall
    # 58 covered in all, 50 of them staff, would give the volunteers away; so would 51 + 7.
    assert (str(overall.acknowledged), str(overall.outstanding), str(overall.covered)) == (
        "51",
        "withheld",
        "withheld",
    )
    assert overall.percent is None


def test_impossible_acknowledgement_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="staff: 9 acknowledged of 8 covered"):
        report(acknowledgements={"staff": (9, 8)})


@pytest.mark.clause("3.1")
def test_concerns_and_allegations_are_counted_by_type_and_by_outcome() -> None:
    built = report()
    assert [(name, str(c)) for name, c in built.concerns_by_type.rows] == [
        ("pupil contact", "7"),
        ("disparaging post", "9"),
    ]
    assert str(built.concerns_by_type.total) == str(built.concerns_by_outcome.total) == "16"
    assert [(name, str(c)) for name, c in built.allegations_by_outcome.rows] == [
        ("referred to the LADO", "5"),
        ("open", "6"),
    ]


def test_a_small_kind_of_concern_withholds_the_total_and_a_part_of_the_outcomes() -> None:
    built = report(
        concerns_by_type={"pupil contact": 3, "disparaging post": 10},
        concerns_by_outcome={"advice given": 7, "no further action": 6},
    )
    assert str(built.concerns_by_type.total) == "withheld"
    assert [str(c) for _, c in built.concerns_by_outcome.rows] == ["7", "withheld"]


def test_counts_by_type_and_by_outcome_must_count_the_same_cases() -> None:
    with pytest.raises(ValueError, match="allegations: 11 by type but 10 by outcome"):
        report(allegations_by_outcome={"referred to the LADO": 5, "open": 5})


@pytest.mark.clause("2.7")
def test_referrals_are_measured_against_the_one_working_day_standard() -> None:
    on_time = [referral(h) for h in (2, 3, 4, 5, 6, 7)]
    late = [referral(h) for h in (30, 40, 50)]
    never = [referral(None, deadline=datetime(2026, 2, 27, 17, tzinfo=UTC))] * 2
    timeliness = report(lado_referrals=on_time + late + never).lado_referrals
    assert (str(timeliness.met), str(timeliness.missed)) == ("6", "5")
    assert (str(timeliness.awaiting), str(timeliness.total)) == ("fewer than 5", "withheld")
    assert timeliness.median_hours == 6.0


def test_a_referral_not_yet_made_is_missed_once_the_day_of_its_deadline_is_over() -> None:
    due_today = [referral(None, deadline=datetime(2026, 3, 2, 17, tzinfo=UTC))] * 5
    overdue = [referral(None, deadline=datetime(2026, 3, 1, 17, tzinfo=UTC))] * 6
    timeliness = report(lado_referrals=due_today + overdue).lado_referrals
    assert (str(timeliness.awaiting), str(timeliness.missed)) == ("5", "6")
    assert str(timeliness.met) == "fewer than 5" and timeliness.median_hours is None


def test_the_median_time_to_referral_is_not_shown_for_fewer_than_five_referrals() -> None:
    timeliness = report(lado_referrals=[referral(h) for h in (1, 2, 3, 4)]).lado_referrals
    assert timeliness.median_hours is None
    timeliness = report(lado_referrals=[referral(h) for h in (1, 2, 3, 4, 5.25)]).lado_referrals
    assert timeliness.median_hours == 3.0


def test_a_referral_dated_before_its_case_was_opened_is_refused() -> None:
    with pytest.raises(ValueError, match="before the case was opened"):
        report(lado_referrals=[referral(-1)])


def test_declarations_due_for_review_and_use_of_the_checker_are_counted() -> None:
    built = report(declarations_due_for_review=3)
    assert str(built.declarations_due_for_review) == "fewer than 5"
    assert [(name, str(c)) for name, c in built.checker_use.rows] == [
        ("ok", "120"),
        ("review", "30"),
        ("block", "12"),
    ]
    assert str(built.checker_use.total) == "162"
    assert str(report().declarations_due_for_review) == "8"


@pytest.mark.parametrize(
    ("review_date", "state", "days_left"),
    [
        (None, ReviewState.NOT_SET, None),
        (date(2026, 3, 1), ReviewState.OVERDUE, -1),
        (date(2026, 3, 2), ReviewState.DUE_SOON, 0),
        (date(2026, 5, 31), ReviewState.DUE_SOON, 90),
        (date(2026, 6, 1), ReviewState.IN_DATE, 91),
    ],
)
def test_the_review_date_is_in_date_due_soon_overdue_or_missing(
    review_date: date | None, state: ReviewState, days_left: int | None
) -> None:
    status = review_status(review_date, TODAY, due_soon_days=90)
    assert (status.review_date, status.state, status.days_left) == (review_date, state, days_left)
    assert report(review_date=review_date).review == status


@pytest.mark.clause("3.1")
def test_no_figure_under_five_appears_anywhere_in_a_report_full_of_small_numbers() -> None:
    built = report(
        acknowledgements={"staff": (3, 4), "governor": (0, 7), "agency colleague": (2, 2)},
        concerns_by_type={"pupil contact": 1, "disparaging post": 2},
        concerns_by_outcome={"advice given": 3},
        allegations_by_type={},
        allegations_by_outcome={},
        lado_referrals=[referral(2), referral(30)],
        declarations_due_for_review=0,
        checker_use={"ok": 4, "block": 1},
        review_date=None,
    )
    every = list(counts(built))
    assert len(every) == 3 * 4 + (3 + 2) + (1 + 1) + 4 + 1 + 3
    assert all(c.value is None or c.value >= 5 for c in every)
    assert all(c.suppressed is None or c.value is None for c in every)
