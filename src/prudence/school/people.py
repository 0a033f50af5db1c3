"""The people who use Prudence at a school, the roles they hold and what each role may do."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    """A role a person holds at the school; a person may hold several."""

    COLLEAGUE = "colleague"  # everyone the policy covers
    HEADTEACHER = "headteacher"
    DSL = "designated safeguarding lead"
    DEPUTY_DSL = "deputy designated safeguarding lead"
    LINE_MANAGER = "line manager"
    HR = "HR"
    GOVERNOR = "governor"
    CHAIR_OF_GOVERNORS = "chair of governors"  # handles allegations about the headteacher
    ADMINISTRATOR = "administrator"  # runs Prudence for the school: people, settings

    @property
    def label(self) -> str:
        return self.value[0].upper() + self.value[1:]


class Permission(StrEnum):
    """What a page or action needs."""

    CHECK_POSTS = "check posts"
    READ_POLICY = "read the policy"
    MANAGE_PEOPLE = "manage people"
    EDIT_SETTINGS = "edit the school's settings"
    READ_AUDIT = "read the audit log"
    READ_ADVICE_REQUESTS = "read requests for advice"
    READ_GOVERNORS_REPORT = "read the governors' report"


_EVERYONE = {Permission.CHECK_POSTS, Permission.READ_POLICY}
_SAFEGUARDING = _EVERYONE | {Permission.READ_ADVICE_REQUESTS, Permission.READ_GOVERNORS_REPORT}
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COLLEAGUE: frozenset(_EVERYONE),
    Role.HEADTEACHER: frozenset(
        _SAFEGUARDING | {Permission.MANAGE_PEOPLE, Permission.EDIT_SETTINGS, Permission.READ_AUDIT}
    ),
    Role.DSL: frozenset(_SAFEGUARDING),
    Role.DEPUTY_DSL: frozenset(_SAFEGUARDING),
    Role.LINE_MANAGER: frozenset(_EVERYONE),
    Role.HR: frozenset(_EVERYONE | {Permission.MANAGE_PEOPLE}),
    Role.GOVERNOR: frozenset({Permission.READ_POLICY, Permission.READ_GOVERNORS_REPORT}),
    Role.CHAIR_OF_GOVERNORS: frozenset({Permission.READ_POLICY, Permission.READ_GOVERNORS_REPORT}),
    Role.ADMINISTRATOR: frozenset(
        _EVERYONE
        | {
            Permission.MANAGE_PEOPLE,
            Permission.EDIT_SETTINGS,
            Permission.READ_AUDIT,
            Permission.READ_GOVERNORS_REPORT,
        }
    ),
}


def permissions(roles: Iterable[Role]) -> frozenset[Permission]:
    """Everything the roles together allow."""
    allowed: set[Permission] = set()
    for role in roles:
        allowed |= PERMISSIONS[role]
    return frozenset(allowed)
