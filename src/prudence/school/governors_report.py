"""The figures the governing body sees on how the policy is working, anonymised.

The governing body makes sure the policy is put into practice and that every colleague knows of
it (3.1). Its report is built here from plain counts. A school is small, so a count under five can
point to a person: each is shown as "fewer than 5", never as the number, and any total that would
let a reader work such a count out by subtraction is withheld too.
"""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Generic, TypeVar

SMALL_COUNT = 5  # counts below this are never shown

K = TypeVar("K", bound=Hashable)


class Suppression(StrEnum):
    """Why a figure is not shown, worded as the report prints it."""

    SMALL = "fewer than 5"  # the count itself is small
    PROTECTS_SMALL = "withheld"  # the count is not small, but would reveal one that is


@dataclass(frozen=True, slots=True)
class Count:
    """A figure as the report shows it: the number, or why it is not shown (and never both)."""

    value: int | None
    suppressed: Suppression | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.suppressed is None):
            raise ValueError("a count is either shown or suppressed")

    @property
    def shown(self) -> bool:
        return self.suppressed is None

    def __str__(self) -> str:
        return str(self.value) if self.suppressed is None else str(self.suppressed)


@dataclass(frozen=True, slots=True)
class Line(Generic[K]):
    """Counts that add up to a total printed beside them: one row or one column of a table."""

    cells: tuple[K, ...]
    total: K


def suppress(values: Mapping[K, int], lines: Sequence[Line[K]]) -> dict[K, Count]:
    """Every count as the report may show it: small ones suppressed, and totals that reveal them."""
    if any(v < 0 for v in values.values()):
        raise ValueError("counts cannot be negative")
    small = {key for key, value in values.items() if value < SMALL_COUNT}
    withheld: set[K] = set()
    order = {key: place for place, key in enumerate(values)}
    # Withholding one figure can expose a figure in another line (a row total is also a cell of
    # the column of totals), so go round until no line gives anything away.
    changed = True
    while changed:
        changed = False
        for line in lines:
            exposing = _exposes(line, values, small, withheld, order)
            if exposing is not None:
                withheld.add(exposing)
                changed = True
    shown: dict[K, Count] = {}
    for key, value in values.items():
        if key in small:
            shown[key] = Count(None, Suppression.SMALL)
        elif key in withheld:
            shown[key] = Count(None, Suppression.PROTECTS_SMALL)
        else:
            shown[key] = Count(value)
    return shown


def _exposes(
    line: Line[K],
    values: Mapping[K, int],
    small: set[K],
    withheld: set[K],
    order: Mapping[K, int],
) -> K | None:
    """The figure to withhold so this line reveals no hidden count, or None if it reveals none."""
    hidden = small | withheld
    hidden_cells = [cell for cell in line.cells if cell in hidden]
    shown_cells = [cell for cell in line.cells if cell not in hidden]
    if line.total in hidden:
        # A withheld total whose cells are all shown is their sum: withhold the smallest cell too.
        if hidden_cells or not shown_cells:
            return None
        return min(shown_cells, key=lambda cell: (values[cell], order[cell]))
    if not hidden_cells:
        return None
    rest = values[line.total] - sum(values[cell] for cell in shown_cells)
    # What a reader knows of each hidden cell: a small one lies in 0-4, a withheld one in 5 or
    # more. Together they make `rest`; if that leaves a cell only one value, it is revealed.
    bounds = [
        (0, SMALL_COUNT - 1) if cell in small else (SMALL_COUNT, rest) for cell in hidden_cells
    ]
    for index, (low, high) in enumerate(bounds):
        others = bounds[:index] + bounds[index + 1 :]
        least = max(low, rest - sum(h for _, h in others))
        most = min(high, rest - sum(lo for lo, _ in others))
        if least >= most:
            return line.total
    return None


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts by category with their total: one table of the report."""

    rows: tuple[tuple[str, Count], ...]
    total: Count


@dataclass(frozen=True, slots=True)
class AcknowledgementRow:
    """How many in a group the policy covers, and how many have acknowledged its current version."""

    group: str
    covered: Count
    acknowledged: Count
    outstanding: Count
    percent: int | None  # only when both the acknowledged and the covered are shown


@dataclass(frozen=True, slots=True)
class LadoTimeliness:
    """Safeguarding allegations measured against referral to the LADO within a working day."""

    met: Count  # referred by the deadline
    missed: Count  # referred late, or still not referred with the deadline gone
    awaiting: Count  # not yet referred, the deadline still to come
    total: Count
    median_hours: float | None  # from opening to referral; not shown for fewer than 5 referrals


class ReviewState(StrEnum):
    IN_DATE = "in date"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"
    NOT_SET = "no review date"


@dataclass(frozen=True, slots=True)
class ReviewStatus:
    """When the policy is next to be reviewed, and how that date stands today."""

    review_date: date | None
    state: ReviewState
    days_left: int | None  # negative once the date has passed


@dataclass(frozen=True, slots=True)
class GovernorsReport:
    """The governors' report on the policy, anonymised and ready to render."""

    prepared_on: date
    acknowledgements: tuple[AcknowledgementRow, ...]
    acknowledgements_overall: AcknowledgementRow
    concerns_by_type: Tally
    concerns_by_outcome: Tally
    allegations_by_type: Tally
    allegations_by_outcome: Tally
    lado_referrals: LadoTimeliness
    declarations_due_for_review: Count
    checker_use: Tally
    review: ReviewStatus


Key = tuple[str, ...]


def build_report(
    *,
    today: date,
    acknowledgements: Mapping[str, tuple[int, int]],
    concerns_by_type: Mapping[str, int],
    concerns_by_outcome: Mapping[str, int],
    allegations_by_type: Mapping[str, int],
    allegations_by_outcome: Mapping[str, int],
    lado_referrals: Iterable[tuple[datetime, datetime | None, datetime]],
    declarations_due_for_review: int,
    checker_use: Mapping[str, int],
    review_date: date | None,
    review_due_soon_days: int = 90,
) -> GovernorsReport:
    """The governors' report from plain counts; acknowledgements are (acknowledged, covered)."""
    values: dict[Key, int] = {}
    lines: list[Line[Key]] = []

    _add_acknowledgements(values, lines, acknowledgements)
    _add_by_type_and_outcome(values, lines, "concerns", concerns_by_type, concerns_by_outcome)
    _add_by_type_and_outcome(
        values, lines, "allegations", allegations_by_type, allegations_by_outcome
    )
    referral_hours = _add_referrals(values, lines, lado_referrals, today)
    _add_tally(values, lines, "checker", checker_use)
    values[("declarations",)] = declarations_due_for_review

    shown = suppress(values, lines)

    def row(section: str, name: str) -> AcknowledgementRow:
        covered = shown[(section, name, "covered")]
        acknowledged = shown[(section, name, "acknowledged")]
        percent = None
        if covered.value and acknowledged.value is not None:
            percent = round(100 * acknowledged.value / covered.value)
        return AcknowledgementRow(
            group=name,
            covered=covered,
            acknowledged=acknowledged,
            outstanding=shown[(section, name, "outstanding")],
            percent=percent,
        )

    def tally(section: str, names: Iterable[str]) -> Tally:
        return Tally(
            rows=tuple((name, shown[(section, name)]) for name in names),
            total=shown[(section.split(":")[0], "total")],
        )

    return GovernorsReport(
        prepared_on=today,
        acknowledgements=tuple(row("acknowledgements", group) for group in acknowledgements),
        acknowledgements_overall=row("acknowledgements:all", "overall"),
        concerns_by_type=tally("concerns:type", concerns_by_type),
        concerns_by_outcome=tally("concerns:outcome", concerns_by_outcome),
        allegations_by_type=tally("allegations:type", allegations_by_type),
        allegations_by_outcome=tally("allegations:outcome", allegations_by_outcome),
        lado_referrals=LadoTimeliness(
            met=shown[("lado", "met")],
            missed=shown[("lado", "missed")],
            awaiting=shown[("lado", "awaiting")],
            total=shown[("lado", "total")],
            # The middle of a handful of cases is close to one person's case.
            median_hours=(
                round(statistics.median(referral_hours), 1)
                if len(referral_hours) >= SMALL_COUNT
                else None
            ),
        ),
        declarations_due_for_review=shown[("declarations",)],
        checker_use=tally("checker", checker_use),
        review=review_status(review_date, today, due_soon_days=review_due_soon_days),
    )


def review_status(review_date: date | None, today: date, *, due_soon_days: int) -> ReviewStatus:
    """Whether the policy's review date is comfortably ahead, near, or past."""
    if review_date is None:
        return ReviewStatus(None, ReviewState.NOT_SET, None)
    days_left = (review_date - today).days
    if days_left < 0:
        state = ReviewState.OVERDUE
    elif days_left <= due_soon_days:
        state = ReviewState.DUE_SOON
    else:
        state = ReviewState.IN_DATE
    return ReviewStatus(review_date, state, days_left)


def _add_acknowledgements(
    values: dict[Key, int], lines: list[Line[Key]], counts: Mapping[str, tuple[int, int]]
) -> None:
    section = "acknowledgements"
    for group, (acknowledged, covered) in counts.items():
        if not 0 <= acknowledged <= covered:
            raise ValueError(f"{group}: {acknowledged} acknowledged of {covered} covered")
        values[(section, group, "acknowledged")] = acknowledged
        values[(section, group, "outstanding")] = covered - acknowledged
        values[(section, group, "covered")] = covered
    overall = (f"{section}:all", "overall")
    for column in ("acknowledged", "outstanding", "covered"):
        values[(*overall, column)] = sum(values[(section, g, column)] for g in counts)
        lines.append(Line(tuple((section, g, column) for g in counts), (*overall, column)))
    # Each row, the overall one included: acknowledged and outstanding make up those covered.
    for row in [*((section, g) for g in counts), overall]:
        lines.append(Line(((*row, "acknowledged"), (*row, "outstanding")), (*row, "covered")))


def _add_tally(
    values: dict[Key, int], lines: list[Line[Key]], section: str, counts: Mapping[str, int]
) -> None:
    total = (section.split(":")[0], "total")
    values.setdefault(total, sum(counts.values()))
    for name, count in counts.items():
        values[(section, name)] = count
    lines.append(Line(tuple((section, name) for name in counts), total))


def _add_by_type_and_outcome(
    values: dict[Key, int],
    lines: list[Line[Key]],
    section: str,
    by_type: Mapping[str, int],
    by_outcome: Mapping[str, int],
) -> None:
    # Both tables count the same cases and share one total, so each is checked against it.
    if sum(by_type.values()) != sum(by_outcome.values()):
        raise ValueError(
            f"{section}: {sum(by_type.values())} by type but {sum(by_outcome.values())} by "
            "outcome; count open cases under an outcome such as 'open'"
        )
    _add_tally(values, lines, f"{section}:type", by_type)
    _add_tally(values, lines, f"{section}:outcome", by_outcome)


def _add_referrals(
    values: dict[Key, int],
    lines: list[Line[Key]],
    referrals: Iterable[tuple[datetime, datetime | None, datetime]],
    today: date,
) -> list[float]:
    """Counts referrals against their deadlines; returns the hours each referred case took."""
    met = missed = awaiting = 0
    hours: list[float] = []
    for opened_at, referred_at, deadline in referrals:
        if referred_at is None:
            # The report is by the day: a deadline passes once its day is over.
            if deadline.date() < today:
                missed += 1
            else:
                awaiting += 1
            continue
        if referred_at < opened_at:
            raise ValueError("a referral cannot come before the case was opened")
        hours.append((referred_at - opened_at).total_seconds() / 3600)
        if referred_at <= deadline:
            met += 1
        else:
            missed += 1
    values.update(
        {
            ("lado", "met"): met,
            ("lado", "missed"): missed,
            ("lado", "awaiting"): awaiting,
            ("lado", "total"): met + missed + awaiting,
        }
    )
    lines.append(
        Line((("lado", "met"), ("lado", "missed"), ("lado", "awaiting")), ("lado", "total"))
    )
    return hours
