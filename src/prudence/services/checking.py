"""Checking posts for one school: its profile, its people, the classifier and its own numbers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from prudence.adapters.documents import read_policy_document
from prudence.adapters.embedding import EncoderMissing, SentenceEncoder
from prudence.adapters.image_reader import PictureReader
from prudence.adapters.models import shipped_model
from prudence.adapters.policy_reasoner import PolicyReasoner, ReasonerSettings
from prudence.adapters.profile_files import load_profile
from prudence.check.context import CheckContext
from prudence.check.detectors import DETECTORS
from prudence.check.engine import Detector, check_post, check_posts
from prudence.check.post import Post, Report
from prudence.config import get_settings
from prudence.policy.catalogue import clause_guidance, model_policy
from prudence.policy.document import parse_policy_text
from prudence.policy.mapping import map_onto_model, school_numbering
from prudence.school.profile import SchoolProfile

log = logging.getLogger(__name__)


@cache
def sentence_encoder() -> SentenceEncoder:
    """The sentence encoder, loaded once per process and only when first needed."""
    return SentenceEncoder()


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
    detectors: tuple[Detector, ...] = DETECTORS

    def report(self, post: Post) -> Report:
        try:
            return check_post(post, self.context, self.detectors, clause_guidance())
        finally:
            self.context.forget()

    def reports(self, posts: Sequence[Post]) -> list[Report]:
        return check_posts(posts, self.context, self.detectors, clause_guidance())

    def as_dict(self, report: Report) -> dict[str, Any]:
        return report.as_dict(self.numbers)


def checker_for(
    profile: SchoolProfile, base: Path, today: date, classifier: bool = True
) -> PostChecker:
    """A checker for a loaded profile; without the classifier only the precise rules run."""
    model = shipped_model() if classifier else None
    encoder = None
    if model is not None:
        try:
            encoder = sentence_encoder()
        except EncoderMissing as missing:
            log.warning("checking with the precise rules only: %s", missing)
            model = None
    logo = base / profile.school.logo if profile.school.logo else None
    context = CheckContext(
        profile=profile,
        today=today,
        encoder=encoder,
        classifier=model,
        images=PictureReader(Path(), logo),
    )
    numbers = citation_numbers(profile, base)
    detectors = DETECTORS
    settings = get_settings()
    if settings.llm_url:
        reasoner = PolicyReasoner(
            ReasonerSettings(
                url=settings.llm_url,
                model=settings.llm_model,
                api_key=settings.llm_api_key,
                timeout=settings.llm_timeout,
            ),
            numbers,
        )
        detectors = (*DETECTORS, reasoner.detect)
    return PostChecker(context=context, numbers=numbers, detectors=detectors)


def build_post_checker(profile_path: Path, today: date, classifier: bool = True) -> PostChecker:
    """Loads the school's profile, rosters and own policy; InputError if any is unusable."""
    return checker_for(load_profile(profile_path), profile_path.parent, today, classifier)
