"""The outcomes of an allegation, as statutory guidance names them, and what each one means for
the records kept and the references written about the person.

Keeping Children Safe in Education (Part 4) asks for a summary of every allegation to be kept on
the person's confidential file until their normal pension age or for ten years from the date of
the allegation, whichever is later. A malicious or false allegation is taken off the file unless
the person asks for it to stay. Only a substantiated allegation may be mentioned in a reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

RETENTION_YEARS = 10


class Outcome(StrEnum):
    """How an allegation was concluded."""

    SUBSTANTIATED = "substantiated"
    MALICIOUS = "malicious"
    FALSE = "false"
    UNSUBSTANTIATED = "unsubstantiated"
    UNFOUNDED = "unfounded"

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]

    @property
    def removed_from_personnel_record(self) -> bool:
        """Whether the allegation comes off the person's file (unless they ask for it to stay)."""
        return self in {Outcome.MALICIOUS, Outcome.FALSE}

    @property
    def mentioned_in_references(self) -> bool:
        # A reference repeats only what was proved; anything else would punish the unproven.
        return self is Outcome.SUBSTANTIATED

    @property
    def next_steps(self) -> tuple[str, ...]:
        """What the school considers once the outcome is recorded."""
        return _NEXT_STEPS[self]


_MEANINGS = {
    Outcome.SUBSTANTIATED: "there is enough evidence to prove the allegation",
    Outcome.MALICIOUS: "there is enough evidence to disprove it, and it was made to deceive",
    Outcome.FALSE: "there is enough evidence to disprove the allegation",
    Outcome.UNSUBSTANTIATED: (
        "there is not enough evidence to prove or disprove it; this implies neither guilt nor "
        "innocence"
    ),
    Outcome.UNFOUNDED: "there is no evidence or proper basis to support the allegation",
}
_KEPT = "keep a summary on the person's confidential file for as long as the guidance requires"
_REMOVED = "remove it from the person's file, unless they ask for it to be kept"
_NO_REFERENCE = "leave it out of any reference written about the person"
_CHILD_NEEDS = (
    "consider whether whoever made it needs help or may have been harmed by someone else, and "
    "refer to children's social care if so"
)
_NEXT_STEPS = {
    Outcome.SUBSTANTIATED: (
        _KEPT,
        "it may be mentioned in references",
        "refer the person to the DBS if they were, or would have been, removed from working with "
        "children",
        "for a teacher, consider a referral to the Teaching Regulation Agency",
    ),
    Outcome.MALICIOUS: (
        _REMOVED,
        _NO_REFERENCE,
        _CHILD_NEEDS,
        "consider action against whoever made it: a pupil under the behaviour policy, anyone under "
        "the law if an offence may have been committed",
    ),
    Outcome.FALSE: (_REMOVED, _NO_REFERENCE, _CHILD_NEEDS),
    Outcome.UNSUBSTANTIATED: (_KEPT, _NO_REFERENCE, _CHILD_NEEDS),
    Outcome.UNFOUNDED: (_KEPT, _NO_REFERENCE, _CHILD_NEEDS),
}


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none: the day before 1 March
        return day.replace(year=day.year + years, day=28)


def retention_until(
    outcome: Outcome,
    allegation_date: date,
    normal_pension_age_date: date,
    *,
    kept_with_consent: bool = False,
) -> date | None:
    """The last day the allegation stays on the person's file; None: take it off now."""
    if outcome.removed_from_personnel_record and not kept_with_consent:
        return None
    return max(normal_pension_age_date, _years_after(allegation_date, RETENTION_YEARS))


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonnelRecord:
    """The summary of one concluded allegation kept on a person's confidential file."""

    allegation_id: str
    person_id: str
    outcome: Outcome
    allegation_date: date
    # It depends on the person's date of birth and pension scheme, so it is given, not worked out.
    normal_pension_age_date: date
    kept_with_consent: bool = False

    @property
    def keep_until(self) -> date | None:
        return retention_until(
            self.outcome,
            self.allegation_date,
            self.normal_pension_age_date,
            kept_with_consent=self.kept_with_consent,
        )

    def is_due_for_deletion(self, today: date) -> bool:
        keep_until = self.keep_until
        return keep_until is None or today > keep_until


def purge_due(records: Iterable[PersonnelRecord], today: date) -> list[PersonnelRecord]:
    """The records due to be deleted from personnel files on `today`, in the order given."""
    return [record for record in records if record.is_due_for_deletion(today)]
