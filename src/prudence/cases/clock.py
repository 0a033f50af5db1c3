"""The LADO clock: an allegation must reach the LADO within one working day of being opened.

Working days are those of England and Wales: Monday to Friday, less the bank holidays. The clock
runs only on working days: opened during one, the deadline is the same time of day that many
working days later; opened at a weekend or on a bank holiday, the clock starts at midnight at the
beginning of the next working day, so a Saturday allegation must reach the LADO by the end of
Monday. Days are counted on the school's wall clock (Europe/London), whatever zone the times
given are in.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from prudence.cases.offices import Office

LONDON = ZoneInfo("Europe/London")
ONE_WORKING_DAY = 1  # statutory guidance's period; a local authority may ask for it sooner


def require_aware(moment: datetime, what: str) -> datetime:
    """The moment itself, once it is known to carry its time zone; a naive one is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {moment.isoformat()}")
    return moment


@cache
def _bank_holidays() -> holidays.HolidayBase:
    # England and Wales share their bank holidays; ENG is the subdivision `holidays` names them by.
    # Built on first use, not at import, and it fills in further years as they are asked about.
    return holidays.country_holidays("GB", subdiv="ENG")


def is_working_day(day: date) -> bool:
    """Whether the day is a working day in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays()


def next_working_day(day: date) -> date:
    """The first working day after the day given."""
    following = day + timedelta(days=1)
    while not is_working_day(following):
        following += timedelta(days=1)
    return following


def deadline(opened_at: datetime, working_days: int = ONE_WORKING_DAY) -> datetime:
    """When the LADO must have been told of an allegation opened at `opened_at`."""
    require_aware(opened_at, "opened_at")
    if working_days < 1:
        raise ValueError(f"the LADO clock runs for at least one working day, not {working_days}")
    local = opened_at.astimezone(LONDON)
    day, time_of_day = local.date(), local.time().replace(tzinfo=None)
    if not is_working_day(day):
        day, time_of_day = next_working_day(day), time(0)
    for _ in range(working_days):
        day = next_working_day(day)
    # British clocks change on Sundays, so a working day's wall time always exists exactly once.
    return datetime.combine(day, time_of_day, tzinfo=LONDON)


def is_overdue(
    opened_at: datetime,
    now: datetime,
    *,
    referred_at: datetime | None = None,
    working_days: int = ONE_WORKING_DAY,
) -> bool:
    """Whether the clock has run out on an allegation the LADO has not yet been told of."""
    require_aware(now, "now")
    if referred_at is not None:
        return False
    return now > deadline(opened_at, working_days)


def escalate_to(*, about_headteacher: bool) -> tuple[Office, ...]:
    """Who is told when the clock runs out: never the person the allegation is about."""
    if about_headteacher:
        return (Office.CHAIR_OF_GOVERNORS,)
    return (Office.HEADTEACHER, Office.CHAIR_OF_GOVERNORS)
