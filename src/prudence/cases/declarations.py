"""Declarations: a colleague tells the school of a relationship or a difficulty in following the
policy (2.3, 4.1, 4.1.3); the named lead decides, sets conditions and a date to look at it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from prudence.cases.clock import require_aware


class DeclarationKind(StrEnum):
    """What a colleague declares, each resting on the clause that asks for it."""

    RELATED_TO_PUPIL = "related to a pupil"
    CONTACT_WITH_RECENT_PUPIL = "wishes to stay in contact with a recent pupil"
    DIFFICULTY_COMPLYING = "has a difficulty in complying with the policy"

    @property
    def clause(self) -> str:
        return _CLAUSES[self]

    @property
    def names_a_pupil(self) -> bool:
        return self is not DeclarationKind.DIFFICULTY_COMPLYING


_CLAUSES = {
    DeclarationKind.RELATED_TO_PUPIL: "2.3",
    DeclarationKind.CONTACT_WITH_RECENT_PUPIL: "4.1.3",
    DeclarationKind.DIFFICULTY_COMPLYING: "4.1",
}


class Verdict(StrEnum):
    """What the lead decided about a declaration."""

    APPROVED_WITH_CONDITIONS = "approved with conditions"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """What the lead decided about a declaration, on what conditions, and when to look again."""

    verdict: Verdict
    decided_by: str
    decided_at: datetime
    reasons: str
    conditions: tuple[str, ...] = ()
    review_on: date | None = None

    def __post_init__(self) -> None:
        require_aware(self.decided_at, "decided_at")
        if not self.reasons.strip():
            raise ValueError("write down the reasons for the decision")
        if self.verdict is Verdict.APPROVED_WITH_CONDITIONS:
            if not any(condition.strip() for condition in self.conditions):
                raise ValueError("an approval names the conditions it is given on")
            if self.review_on is None:
                # Circumstances change (a pupil leaves, a child grows up); approval is not for ever.
                raise ValueError("an approval needs a date on which it will be reviewed")
        elif self.conditions:
            raise ValueError("a refusal sets no conditions")


@dataclass(frozen=True, slots=True, kw_only=True)
class Declaration:
    """One declaration by a colleague and every decision made about it, latest last."""

    id: str
    school: str
    colleague_id: str
    kind: DeclarationKind
    details: str
    declared_at: datetime
    pupil_id: str | None = None
    decisions: tuple[Decision, ...] = ()

    def __post_init__(self) -> None:
        require_aware(self.declared_at, "declared_at")
        if not self.details.strip():
            raise ValueError("a declaration needs details of the relationship or the difficulty")
        if self.kind.names_a_pupil and not self.pupil_id:
            raise ValueError(f"a colleague who is {self.kind} names the pupil")

    @property
    def decision(self) -> Decision | None:
        """The decision in force: the latest."""
        return self.decisions[-1] if self.decisions else None

    @property
    def review_on(self) -> date | None:
        decision = self.decision
        return decision.review_on if decision else None

    def decide(self, decision: Decision) -> Declaration:
        """The declaration with a new decision in force, at first or after a review."""
        if decision.decided_by == self.colleague_id:
            raise ValueError("nobody decides their own declaration")
        earlier = self.decision.decided_at if self.decision else self.declared_at
        if decision.decided_at < earlier:
            raise ValueError(
                "a decision cannot come before the declaration or the decision it follows"
            )
        return replace(self, decisions=(*self.decisions, decision))


def reminders_due(
    declarations: Iterable[Declaration], today: date, lead_days: int
) -> list[Declaration]:
    """Declarations whose review is within `lead_days` of today or overdue, soonest first."""
    if lead_days < 0:
        raise ValueError(f"the lead time is a number of days ahead, not {lead_days}")
    horizon = today + timedelta(days=lead_days)
    due = [d for d in declarations if d.review_on is not None and d.review_on <= horizon]
    return sorted(due, key=lambda d: (d.review_on or today, d.id))
