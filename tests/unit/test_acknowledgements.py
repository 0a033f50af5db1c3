"""Who has acknowledged the current policy, who is still to, and whom to remind."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from prudence.policy.versions import ClauseText, PolicyVersion
from prudence.school.acknowledgements import (
    Acknowledgement,
    CoveredPerson,
    Group,
    GroupCoverage,
    Outstanding,
    Reminder,
    awaiting_induction,
    coverage,
    reminders_due,
)

TODAY = date(2026, 3, 2)
CLAUSES: tuple[ClauseText, ...] = (("4.1.2", "Pupils as friends", "Do not befriend pupils."),)


def version(number: int, published_on: date, *, material: bool) -> PolicyVersion:
    return PolicyVersion(
        school="oakfield-primary",
        number=number,
        clauses=CLAUSES,
        published_at=datetime(published_on.year, published_on.month, published_on.day, tzinfo=UTC),
        published_by="head@oakfield.example",
        material=material,
        note="",
    )


ADOPTED = version(1, date(2025, 9, 1), material=True)
TYPO_FIXED = version(2, date(2025, 10, 6), material=False)
REVIEWED = version(3, date(2026, 1, 5), material=True)
HISTORY = [ADOPTED, TYPO_FIXED, REVIEWED]


def person(
    name: str,
    group: Group = Group.STAFF,
    *,
    started_on: date = date(2019, 9, 1),
    on_leave: bool = False,
) -> CoveredPerson:
    return CoveredPerson(
        id=name.lower().replace(" ", "."),
        name=name,
        group=group,
        started_on=started_on,
        on_leave=on_leave,
    )


def acknowledged(who: CoveredPerson, number: int, on: date) -> Acknowledgement:
    return Acknowledgement(
        person=who.id, version=number, at=datetime.combine(on, datetime.min.time(), UTC)
    )


AMIRA = person("Amira Khan")
BEN = person("Ben Lowe", on_leave=True)
CARA = person("Cara Diaz", Group.VOLUNTEER)
DEV = person("Dev Shah", Group.GOVERNOR)


def test_an_acknowledgement_of_the_current_version_counts() -> None:
    result = coverage([AMIRA], [acknowledged(AMIRA, 3, date(2026, 1, 6))], HISTORY, TODAY)
    assert result.version == 3
    assert result.overall == GroupCoverage(covered=1, acknowledged=1)
    assert result.outstanding == ()


def test_an_acknowledgement_given_before_a_typo_fix_still_counts() -> None:
    result = coverage(
        [AMIRA], [acknowledged(AMIRA, 1, date(2025, 9, 2))], [ADOPTED, TYPO_FIXED], TODAY
    )
    assert result.version == 2 and result.overall.complete


def test_an_acknowledgement_given_before_a_material_version_no_longer_counts() -> None:
    result = coverage([AMIRA], [acknowledged(AMIRA, 2, date(2025, 10, 7))], HISTORY, TODAY)
    assert result.overall == GroupCoverage(covered=1, acknowledged=0)
    assert result.outstanding == (Outstanding(person=AMIRA, last_acknowledged=2),)


def test_the_latest_acknowledgement_is_the_one_that_counts_whatever_the_order_given() -> None:
    acks = [acknowledged(AMIRA, 3, date(2026, 1, 7)), acknowledged(AMIRA, 1, date(2025, 9, 2))]
    assert coverage([AMIRA], acks, HISTORY, TODAY).overall.complete


@pytest.mark.clause("3.1")
def test_coverage_is_counted_for_each_group_and_overall() -> None:
    people = [AMIRA, BEN, CARA, DEV]
    acks = [acknowledged(AMIRA, 3, date(2026, 1, 6)), acknowledged(DEV, 3, date(2026, 2, 1))]
    result = coverage(people, acks, HISTORY, TODAY)
    assert result.by_group == {
        Group.STAFF: GroupCoverage(covered=2, acknowledged=1),
        Group.VOLUNTEER: GroupCoverage(covered=1, acknowledged=0),
        Group.GOVERNOR: GroupCoverage(covered=1, acknowledged=1),
    }
    assert result.overall == GroupCoverage(covered=4, acknowledged=2)
    assert result.overall.outstanding == 2
    assert result.counts_by_group() == {"staff": (1, 2), "volunteer": (0, 1), "governor": (1, 1)}


def test_someone_on_leave_is_counted_and_listed_as_outstanding_with_a_flag() -> None:
    result = coverage([AMIRA, BEN, CARA], [], HISTORY, TODAY)
    assert [(o.person.name, o.on_leave) for o in result.outstanding] == [
        ("Amira Khan", False),
        ("Ben Lowe", True),
        ("Cara Diaz", False),
    ]
    assert result.by_group[Group.STAFF].covered == 2


@pytest.mark.clause("2.1")
def test_the_policy_covers_paid_and_unpaid_colleagues_alike() -> None:
    assert {str(g) for g in Group} == {
        "staff",
        "volunteer",
        "parent helper",
        "governor",
        "work-experience placement",
        "agency colleague",
    }
    everyone = [person(f"Person {n}", group) for n, group in enumerate(Group)]
    assert coverage(everyone, [], HISTORY, TODAY).by_group.keys() == set(Group)


def test_someone_who_has_not_started_yet_is_not_counted() -> None:
    starting = person("Ella Ford", Group.WORK_EXPERIENCE, started_on=TODAY + timedelta(days=1))
    result = coverage([AMIRA, starting], [], HISTORY, TODAY)
    assert result.overall.covered == 1 and Group.WORK_EXPERIENCE not in result.by_group


def test_a_version_published_after_today_is_not_yet_current() -> None:
    the_day_before = REVIEWED.published_at.date() - timedelta(days=1)
    acks = [acknowledged(AMIRA, 1, date(2025, 9, 2))]
    result = coverage([AMIRA], acks, HISTORY, the_day_before)
    assert result.version == 2 and result.overall.complete


def test_an_acknowledgement_dated_after_today_or_of_an_unknown_version_does_not_count() -> None:
    acks = [acknowledged(AMIRA, 3, TODAY + timedelta(days=1)), acknowledged(CARA, 9, TODAY)]
    assert coverage([AMIRA, CARA], acks, HISTORY, TODAY).overall.acknowledged == 0


def test_coverage_before_any_version_is_published_is_refused() -> None:
    with pytest.raises(ValueError, match="no version of the policy"):
        coverage([AMIRA], [], [], TODAY)
    with pytest.raises(ValueError, match="no version of the policy"):
        coverage([AMIRA], [], [REVIEWED], date(2025, 12, 1))


@pytest.mark.clause("2.3-induction")
def test_new_colleagues_who_have_not_acknowledged_within_the_induction_window_are_listed() -> None:
    on_the_edge = person("Finn Reid", Group.AGENCY, started_on=TODAY - timedelta(days=30))
    newest = person("Gita Rao", Group.PARENT_HELPER, started_on=TODAY - timedelta(days=3))
    done = person("Hal Moss", started_on=TODAY - timedelta(days=10))
    too_long_ago = person("Ivy Long", started_on=TODAY - timedelta(days=31))
    people = [newest, done, too_long_ago, on_the_edge, AMIRA]
    acks = [acknowledged(done, 3, TODAY - timedelta(days=9))]
    assert awaiting_induction(people, acks, HISTORY, TODAY, within_days=30) == (
        on_the_edge,
        newest,
    )


def test_an_induction_window_cannot_be_negative() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        awaiting_induction([AMIRA], [], HISTORY, TODAY, within_days=-1)


def test_reminders_skip_anyone_reminded_recently_and_anyone_on_leave() -> None:
    people = [AMIRA, BEN, CARA, DEV]
    acks = [acknowledged(DEV, 2, date(2025, 10, 7))]
    last_reminded = {
        AMIRA.id: TODAY - timedelta(days=7),
        CARA.id: TODAY - timedelta(days=6),
    }
    due = reminders_due(people, acks, HISTORY, TODAY, last_reminded=last_reminded, every_days=7)
    assert due == (
        Reminder(AMIRA, last_acknowledged=None, last_reminded=TODAY - timedelta(days=7)),
        Reminder(DEV, last_acknowledged=2, last_reminded=None),
    )


def test_no_one_who_has_acknowledged_is_reminded() -> None:
    acks = [acknowledged(AMIRA, 3, date(2026, 1, 6))]
    assert reminders_due([AMIRA], acks, HISTORY, TODAY, last_reminded={}, every_days=7) == ()


def test_reminders_are_at_least_a_day_apart() -> None:
    with pytest.raises(ValueError, match="at least a day apart"):
        reminders_due([AMIRA], [], HISTORY, TODAY, last_reminded={}, every_days=0)
