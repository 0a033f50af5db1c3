"""What a detector may know about the school when it looks at a post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from prudence.school.names import NameIndex
from prudence.school.profile import School, SchoolProfile


@dataclass(frozen=True)
class CheckContext:
    """The school, its people and the day, handed to every detector."""

    profile: SchoolProfile
    today: date

    @property
    def school(self) -> School:
        return self.profile.school

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex(self.profile, self.today)
