"""A clause as a particular school reads it: the template's choices filled from its settings."""

from __future__ import annotations

from prudence.policy.clause import Clause
from prudence.school.profile import PolicyChoices

_UNCHOSEN_RECIPIENT = (
    "the headteacher or the designated safeguarding lead (the school chooses which)"
)


def school_summary(clause: Clause, choices: PolicyChoices, school_name: str | None) -> str:
    """The clause's summary with the school's name, its chosen lead and its LADO contact."""
    return clause.summary.format(
        school=school_name or "the school",
        reports_to=f"the {choices.reports_to.value}" if choices.reports_to else _UNCHOSEN_RECIPIENT,
        lado_contact=choices.lado_contact or "contact details to be set in the school's settings",
    )


def applies(clause: Clause, choices: PolicyChoices) -> bool:
    """Section 5 applies only to schools that run their own sites, pages or networks."""
    return not (clause.section == "5" and choices.school_channels is False)
