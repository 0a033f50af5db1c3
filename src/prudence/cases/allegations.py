"""Allegations: concerns with a safeguarding dimension (2.7), from opening to closing.

An allegation moves through its statuses only by `transition_to`, which follows TRANSITIONS and
writes each move into the allegation's chronology with who made it, when and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from prudence.cases import clock
from prudence.cases.clock import require_aware
from prudence.cases.concerns import Concern, Subject
from prudence.cases.offices import Office
from prudence.cases.outcomes import Outcome
from prudence.cases.triage import TriageDecision


class TransitionRefused(ValueError):
    """A change to an allegation that its state table or its record does not allow."""


class AllegationStatus(StrEnum):
    """Where an allegation stands."""

    OPENED = "opened"
    REFERRED_TO_LADO = "referred to the LADO"
    UNDER_INVESTIGATION = "under investigation"  # after the LADO's strategy discussion
    POLICE_INVOLVED = "police involved"
    OUTCOME_RECORDED = "outcome recorded"
    CLOSED = "closed"


_S = AllegationStatus
TRANSITIONS: MappingProxyType[AllegationStatus, frozenset[AllegationStatus]] = MappingProxyType(
    {
        # The LADO comes first (2.7): nothing else is decided before the referral.
        _S.OPENED: frozenset({_S.REFERRED_TO_LADO}),
        # The LADO may advise that it needs no investigation and the outcome can be recorded.
        _S.REFERRED_TO_LADO: frozenset(
            {_S.UNDER_INVESTIGATION, _S.POLICE_INVOLVED, _S.OUTCOME_RECORDED}
        ),
        _S.UNDER_INVESTIGATION: frozenset({_S.POLICE_INVOLVED, _S.OUTCOME_RECORDED}),
        # When the police finish, the school's own investigation may still follow.
        _S.POLICE_INVOLVED: frozenset({_S.UNDER_INVESTIGATION, _S.OUTCOME_RECORDED}),
        _S.OUTCOME_RECORDED: frozenset({_S.CLOSED}),
        _S.CLOSED: frozenset(),
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class LadoReferral:
    """The call to the LADO: who made it, when, the reference the LADO gave and their advice."""

    referred_by: str
    referred_at: datetime
    lado_reference: str
    advice: str

    def __post_init__(self) -> None:
        require_aware(self.referred_at, "referred_at")
        if not self.lado_reference.strip():
            raise ValueError("record the reference the LADO gave for the referral")
        if not self.advice.strip():
            raise ValueError("record the advice the LADO gave")


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    """One move in an allegation's life; `before` is None for its opening."""

    at: datetime
    actor: str
    before: AllegationStatus | None
    after: AllegationStatus
    reason: str


class Allegation:
    """An allegation about a colleague, opened from a concern that triage sent to the LADO."""

    def __init__(
        self,
        *,
        id: str,
        concern: Concern,
        decision: TriageDecision,
        opened_by: str,
        now: datetime,
        reason: str,
    ) -> None:
        require_aware(now, "now")
        if not decision.is_allegation:
            raise TransitionRefused("only a concern triaged as an allegation opens one (2.7)")
        if decision.concern_id != concern.id:
            raise TransitionRefused("the triage decision is about another concern")
        if now < decision.decided_at:
            raise TransitionRefused("an allegation cannot be opened before it was triaged")
        _require_reason(reason)
        self.id = id
        self.school = concern.school
        self.concern_id = concern.id
        self.subject: Subject = concern.subject
        self.opened_at = now
        self._status = AllegationStatus.OPENED
        self._referral: LadoReferral | None = None
        self._outcome: Outcome | None = None
        self._chronology = [
            ChronologyEntry(now, opened_by, None, AllegationStatus.OPENED, reason.strip())
        ]

    @property
    def status(self) -> AllegationStatus:
        return self._status

    @property
    def lado_referral(self) -> LadoReferral | None:
        return self._referral

    @property
    def outcome(self) -> Outcome | None:
        return self._outcome

    @property
    def chronology(self) -> tuple[ChronologyEntry, ...]:
        return tuple(self._chronology)

    @property
    def case_manager(self) -> Office:
        """Who manages the case: never the headteacher when it is about the headteacher."""
        return Office.CHAIR_OF_GOVERNORS if self.subject.is_headteacher else Office.HEADTEACHER

    def lado_deadline(self, working_days: int = clock.ONE_WORKING_DAY) -> datetime:
        return clock.deadline(self.opened_at, working_days)

    def is_lado_overdue(self, now: datetime, working_days: int = clock.ONE_WORKING_DAY) -> bool:
        referred_at = self._referral.referred_at if self._referral else None
        return clock.is_overdue(
            self.opened_at, now, referred_at=referred_at, working_days=working_days
        )

    def escalate_to(self) -> tuple[Office, ...]:
        """Who is told when the LADO clock runs out on this allegation."""
        return clock.escalate_to(about_headteacher=self.subject.is_headteacher)

    def transition_to(
        self,
        new: AllegationStatus,
        *,
        actor: str,
        now: datetime,
        reason: str,
        referral: LadoReferral | None = None,
        outcome: Outcome | None = None,
    ) -> ChronologyEntry:
        """Moves the allegation to `new` if the table allows it, and records the move."""
        require_aware(now, "now")
        if new not in TRANSITIONS[self._status]:
            allowed = ", ".join(sorted(TRANSITIONS[self._status])) or "nothing: it is final"
            raise TransitionRefused(
                f"an allegation that is {self._status} cannot become {new}; it may become {allowed}"
            )
        if now < self._chronology[-1].at:
            raise TransitionRefused("a move cannot be recorded before the one that came before it")
        _require_reason(reason)
        self._check_referral(new, referral, now)
        if (new is AllegationStatus.OUTCOME_RECORDED) != (outcome is not None):
            raise TransitionRefused(
                "an outcome is given when, and only when, the allegation's outcome is recorded"
            )
        entry = ChronologyEntry(now, actor, self._status, new, reason.strip())
        self._chronology.append(entry)
        self._status = new
        if referral is not None:
            self._referral = referral
        if outcome is not None:
            self._outcome = outcome
        return entry

    def _check_referral(
        self, new: AllegationStatus, referral: LadoReferral | None, now: datetime
    ) -> None:
        if (new is AllegationStatus.REFERRED_TO_LADO) != (referral is not None):
            raise TransitionRefused(
                "the LADO's referral is given when, and only when, the allegation is referred"
            )
        if referral is not None and not self.opened_at <= referral.referred_at <= now:
            raise TransitionRefused(
                "the LADO was contacted between the allegation's opening and its recording"
            )


def _require_reason(reason: str) -> None:
    # The chronology is what the LADO and any later inquiry read; a move without a reason says
    # nothing to them.
    if not reason.strip():
        raise TransitionRefused("say why: every entry in an allegation's chronology has a reason")
