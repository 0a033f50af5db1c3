"""The offices that receive, triage and oversee cases."""

from __future__ import annotations

from enum import StrEnum

from prudence.school.profile import ReportsTo


class Office(StrEnum):
    """A post a case is sent to; unlike a Role, exactly one person holds it at a time."""

    HEADTEACHER = "headteacher"
    DESIGNATED_SAFEGUARDING_LEAD = "designated safeguarding lead"
    # Not a Role: the chair is a governor whom the governing body elected to lead it.
    CHAIR_OF_GOVERNORS = "chair of governors"

    @property
    def label(self) -> str:
        return self.value[0].upper() + self.value[1:]


def named_in_settings(reports_to: ReportsTo) -> Office:
    """The office the school's settings name to receive declarations and reports."""
    return {
        ReportsTo.HEADTEACHER: Office.HEADTEACHER,
        ReportsTo.DESIGNATED_SAFEGUARDING_LEAD: Office.DESIGNATED_SAFEGUARDING_LEAD,
    }[reports_to]
