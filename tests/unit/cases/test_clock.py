"""The LADO clock counts England and Wales working days, with real 2026 and 2027 bank holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from prudence.cases.clock import (
    deadline,
    escalate_to,
    is_overdue,
    is_working_day,
    next_working_day,
    require_aware,
)
from prudence.cases.offices import Office
from tests.unit.cases.factories import at

pytestmark = [pytest.mark.clause("2.7")]


@pytest.mark.parametrize(
    "bank_holiday",
    [
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),  # Early May
        date(2026, 5, 25),  # Spring
        date(2026, 8, 31),  # Summer
        date(2026, 12, 25),  # Christmas Day
        date(2026, 12, 28),  # Boxing Day, moved to Monday
        date(2027, 1, 1),
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 12, 27),  # Christmas Day, moved to Monday
        date(2027, 12, 28),  # Boxing Day, moved to Tuesday
    ],
)
def test_bank_holidays_in_england_and_wales_are_not_working_days(bank_holiday: date) -> None:
    assert not is_working_day(bank_holiday)


def test_weekends_are_not_working_days_and_ordinary_weekdays_are() -> None:
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 11, 29))  # Sunday
    assert is_working_day(date(2026, 11, 30))


def test_a_scottish_bank_holiday_is_a_working_day_in_england() -> None:
    assert is_working_day(date(2026, 11, 30))  # St Andrew's Day observed in Scotland only
    assert is_working_day(date(2027, 1, 4))  # 2 January holiday, observed, in Scotland only


def test_an_allegation_opened_on_an_ordinary_tuesday_is_due_at_the_same_time_on_wednesday() -> None:
    assert deadline(at(2026, 11, 24, 14, 30)) == at(2026, 11, 25, 14, 30)


def test_an_allegation_opened_on_a_friday_is_due_on_monday() -> None:
    assert deadline(at(2026, 11, 27, 16)) == at(2026, 11, 30, 16)


def test_an_allegation_opened_at_the_weekend_is_due_by_the_end_of_monday() -> None:
    assert deadline(at(2026, 11, 28, 11)) == at(2026, 12, 1, 0)


def test_an_allegation_opened_on_the_thursday_before_easter_2027_is_due_on_tuesday() -> None:
    # Good Friday and Easter Monday do not count, and the clocks go forward on Easter Sunday.
    opened = at(2027, 3, 25, 15, 30)
    due = deadline(opened)
    assert due == at(2027, 3, 30, 15, 30)
    assert due.utcoffset() == timedelta(hours=1)  # British Summer Time by then


def test_an_allegation_opened_on_christmas_eve_2026_is_due_on_the_29th() -> None:
    # Christmas Day, the weekend and Boxing Day observed on Monday 28th do not count.
    assert deadline(at(2026, 12, 24, 10)) == at(2026, 12, 29, 10)


def test_an_allegation_opened_on_boxing_day_2026_is_due_by_the_end_of_the_29th() -> None:
    assert deadline(at(2026, 12, 26, 10)) == at(2026, 12, 30, 0)


def test_the_period_can_be_longer_than_one_working_day() -> None:
    assert deadline(at(2026, 12, 24, 10), working_days=2) == at(2026, 12, 30, 10)


def test_a_period_of_less_than_one_working_day_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one working day"):
        deadline(at(2026, 11, 24), working_days=0)


def test_working_days_are_the_school_wall_clocks_whatever_zone_the_time_is_given_in() -> None:
    # 23:30 UTC on Thursday 25 March 2027 is still Thursday in London (GMT until the Sunday).
    in_utc = datetime(2027, 3, 25, 23, 30, tzinfo=UTC)
    assert deadline(in_utc) == at(2027, 3, 30, 23, 30)
    # 23:30 UTC on Friday 31 July 2026 is already Saturday 1 August in London (BST).
    assert deadline(datetime(2026, 7, 31, 23, 30, tzinfo=UTC)) == at(2026, 8, 4, 0)


def test_the_clock_runs_out_just_after_the_deadline() -> None:
    opened = at(2026, 12, 24, 10)
    assert not is_overdue(opened, at(2026, 12, 29, 10))
    assert is_overdue(opened, at(2026, 12, 29, 10, 1))


def test_an_allegation_already_referred_is_never_overdue() -> None:
    opened = at(2026, 12, 24, 10)
    assert not is_overdue(opened, at(2027, 1, 5), referred_at=at(2026, 12, 24, 11))


def test_times_without_a_zone_are_refused() -> None:
    with pytest.raises(ValueError, match="opened_at must be a timezone-aware"):
        deadline(datetime(2026, 11, 24, 9))
    with pytest.raises(ValueError, match="now must be a timezone-aware"):
        is_overdue(at(2026, 11, 24), datetime(2026, 11, 25, 9))
    assert require_aware(at(2026, 11, 24), "now") == at(2026, 11, 24)


def test_the_next_working_day_after_christmas_eve_2027_is_the_29th() -> None:
    assert next_working_day(date(2027, 12, 24)) == date(2027, 12, 29)


def test_when_the_clock_runs_out_the_headteacher_and_the_chair_of_governors_are_told() -> None:
    assert escalate_to(about_headteacher=False) == (
        Office.HEADTEACHER,
        Office.CHAIR_OF_GOVERNORS,
    )


def test_when_the_clock_runs_out_on_the_headteacher_only_the_chair_of_governors_is_told() -> None:
    assert escalate_to(about_headteacher=True) == (Office.CHAIR_OF_GOVERNORS,)
