"""Who the policy covers, who has acknowledged its current version, and whom to remind.

The policy covers everyone the school engages, paid or not (2.1); new colleagues meet it at
induction and existing ones when it is introduced (2.3); the governing body makes sure everyone
can read it and knows of it (3.1). An acknowledgement of an earlier version still counts until a
material version is published after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from prudence.policy.versions import PolicyVersion, acknowledgement_holds


class Group(StrEnum):
    """The kinds of colleague the policy names in its scope."""

    STAFF = "staff"
    VOLUNTEER = "volunteer"
    PARENT_HELPER = "parent helper"
    GOVERNOR = "governor"
    WORK_EXPERIENCE = "work-experience placement"
    AGENCY = "agency colleague"


@dataclass(frozen=True, slots=True)
class CoveredPerson:
    """Someone the policy covers, with when they started and whether they are away."""

    id: str
    name: str
    group: Group
    started_on: date
    on_leave: bool = False


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """A person's record that they have read and accepted one version of the policy."""

    person: str  # a CoveredPerson's id
    version: int
    at: datetime


@dataclass(frozen=True, slots=True)
class Outstanding:
    """Someone who has not acknowledged the current version, and the last one they did."""

    person: CoveredPerson
    last_acknowledged: int | None  # None: never acknowledged any version

    @property
    def on_leave(self) -> bool:
        return self.person.on_leave


@dataclass(frozen=True, slots=True)
class GroupCoverage:
    """How many in a group the policy covers and how many have acknowledged its current version."""

    covered: int
    acknowledged: int

    @property
    def outstanding(self) -> int:
        return self.covered - self.acknowledged

    @property
    def complete(self) -> bool:
        return self.acknowledged == self.covered


@dataclass(frozen=True, slots=True)
class Coverage:
    """Acknowledgement of the current version, group by group and overall, and who is missing."""

    version: int
    by_group: Mapping[Group, GroupCoverage]  # only the groups the school has people in
    overall: GroupCoverage
    outstanding: tuple[Outstanding, ...]

    def counts_by_group(self) -> dict[str, tuple[int, int]]:
        """(acknowledged, covered) for each group, as the governors' report takes them."""
        return {str(g): (c.acknowledged, c.covered) for g, c in self.by_group.items()}


@dataclass(frozen=True, slots=True)
class Reminder:
    """Someone to remind to acknowledge the current version."""

    person: CoveredPerson
    last_acknowledged: int | None
    last_reminded: date | None


def coverage(
    people: Iterable[CoveredPerson],
    acknowledgements: Iterable[Acknowledgement],
    versions: Sequence[PolicyVersion],
    today: date,
) -> Coverage:
    """Who has acknowledged the version current today, per group and overall."""
    current, standing = _current(versions, today)
    covered = _covered(people, today)
    latest = _latest_acknowledged(acknowledgements, standing, today)
    by_group: dict[Group, GroupCoverage] = {}
    outstanding: list[Outstanding] = []
    for group in Group:
        members = [p for p in covered if p.group is group]
        if not members:
            continue
        done = [p for p in members if _holds(latest.get(p.id), standing)]
        by_group[group] = GroupCoverage(covered=len(members), acknowledged=len(done))
        outstanding += [
            Outstanding(person=p, last_acknowledged=latest.get(p.id))
            for p in members
            if not _holds(latest.get(p.id), standing)
        ]
    overall = GroupCoverage(
        covered=sum(c.covered for c in by_group.values()),
        acknowledged=sum(c.acknowledged for c in by_group.values()),
    )
    return Coverage(
        version=current.number,
        by_group=by_group,
        overall=overall,
        outstanding=tuple(sorted(outstanding, key=lambda o: (o.person.name, o.person.id))),
    )


def awaiting_induction(
    people: Iterable[CoveredPerson],
    acknowledgements: Iterable[Acknowledgement],
    versions: Sequence[PolicyVersion],
    today: date,
    *,
    within_days: int,
) -> tuple[CoveredPerson, ...]:
    """New colleagues, started in the last `within_days` days, who have not acknowledged yet."""
    if within_days < 0:
        raise ValueError("within_days cannot be negative")
    _, standing = _current(versions, today)
    latest = _latest_acknowledged(acknowledgements, standing, today)
    since = today - timedelta(days=within_days)
    new = [
        p
        for p in _covered(people, today)
        if p.started_on >= since and not _holds(latest.get(p.id), standing)
    ]
    # Longest-serving first: their induction is the most overdue.
    return tuple(sorted(new, key=lambda p: (p.started_on, p.name, p.id)))


def reminders_due(
    people: Iterable[CoveredPerson],
    acknowledgements: Iterable[Acknowledgement],
    versions: Sequence[PolicyVersion],
    today: date,
    *,
    last_reminded: Mapping[str, date],
    every_days: int,
) -> tuple[Reminder, ...]:
    """Whom to remind today: outstanding, not on leave, and not reminded in the last few days."""
    if every_days < 1:
        raise ValueError("reminders must be at least a day apart")
    due: list[Reminder] = []
    for missing in coverage(people, acknowledgements, versions, today).outstanding:
        # Someone on leave is reminded when they return, not chased at home.
        if missing.on_leave:
            continue
        reminded = last_reminded.get(missing.person.id)
        if reminded is not None and (today - reminded).days < every_days:
            continue
        due.append(Reminder(missing.person, missing.last_acknowledged, reminded))
    return tuple(due)


def _current(
    versions: Sequence[PolicyVersion], today: date
) -> tuple[PolicyVersion, list[PolicyVersion]]:
    """The version current today and every version published by today."""
    standing = sorted(
        (v for v in versions if v.published_at.date() <= today), key=lambda v: v.number
    )
    if not standing:
        raise ValueError("no version of the policy had been published by that day")
    return standing[-1], standing


def _covered(people: Iterable[CoveredPerson], today: date) -> list[CoveredPerson]:
    # Someone who has not started yet is not yet a colleague, so not yet counted.
    return [p for p in people if p.started_on <= today]


def _latest_acknowledged(
    acknowledgements: Iterable[Acknowledgement], standing: Sequence[PolicyVersion], today: date
) -> dict[str, int]:
    """Each person's most recent acknowledged version among those published by today."""
    published = {v.number for v in standing}
    latest: dict[str, int] = {}
    for ack in acknowledgements:
        if ack.version in published and ack.at.date() <= today:
            latest[ack.person] = max(ack.version, latest.get(ack.person, 0))
    return latest


def _holds(version: int | None, standing: Sequence[PolicyVersion]) -> bool:
    return version is not None and acknowledgement_holds(version, standing)
