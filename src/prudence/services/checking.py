"""Checking posts for one school: its profile, its people and its own clause numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from prudence.adapters.documents import read_policy_document
from prudence.adapters.profile_files import load_profile
from prudence.check.context import CheckContext
from prudence.check.detectors import DETECTORS
from prudence.check.engine import check_post
from prudence.check.post import Post, Report
from prudence.policy.catalogue import clause_guidance, model_policy
from prudence.policy.document import parse_policy_text
from prudence.policy.mapping import map_onto_model, school_numbering
from prudence.school.profile import SchoolProfile


def citation_numbers(profile: SchoolProfile, base: Path) -> dict[str, str]:
    """Model clause id -> the number to cite: the school's own where its policy has the rule."""
    numbers = {clause.id: clause.number for clause in model_policy()}
    if profile.files.policy_document:
        document = parse_policy_text(read_policy_document(base / profile.files.policy_document))
        numbers |= school_numbering(map_onto_model(document.clauses, model_policy()))
    return numbers


@dataclass(frozen=True)
class PostChecker:
    """Everything needed to check posts for one school on one day, loaded once."""

    context: CheckContext
    numbers: dict[str, str]

    def report(self, post: Post) -> Report:
        return check_post(post, self.context, DETECTORS, clause_guidance())

    def report_as_dict(self, post: Post) -> dict[str, Any]:
        return self.report(post).as_dict(self.numbers)


def build_post_checker(profile_path: Path, today: date) -> PostChecker:
    """Loads the school's profile, rosters and own policy; InputError if any is unusable."""
    profile = load_profile(profile_path)
    return PostChecker(
        context=CheckContext(profile=profile, today=today),
        numbers=citation_numbers(profile, profile_path.parent),
    )
