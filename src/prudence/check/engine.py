"""Runs the detectors over a post and turns their findings into one verdict per post."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import PurePath

from prudence.check.context import CheckContext
from prudence.check.detectors.meaning import DETECTOR as _CLASSIFIER
from prudence.check.images import ImageFacts
from prudence.check.model import Combination
from prudence.check.post import (
    ClauseFinding,
    Evidence,
    Finding,
    ImageNote,
    ImageRegion,
    Post,
    Report,
    Span,
    Verdict,
)
from prudence.policy.clause import clause_order

Detector = Callable[[Post, CheckContext], Iterable[Finding]]


def _merge_evidence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Every distinct span once, in order, a span holding a more precise one giving way to it;
    then every distinct image region, image by image."""
    items = list(evidence)
    unique = {(s.start, s.end): s for s in items if isinstance(s, Span)}
    kept: list[Evidence] = [
        span
        for key, span in unique.items()
        if not any(
            other != key and span.start <= other[0] and other[1] <= span.end for other in unique
        )
    ]
    kept.sort(key=lambda s: (s.start, s.end) if isinstance(s, Span) else (0, 0))
    kept += list(dict.fromkeys(r for r in items if isinstance(r, ImageRegion)))
    return tuple(kept)


def _findings(post: Post, context: CheckContext, detectors: Sequence[Detector]) -> list[Finding]:
    found = [finding for detector in detectors for finding in detector(post, context)]
    cited = {f.clause_id: f.severity for f in found if f.detector == _CLASSIFIER}
    return [
        admitted
        for finding in found
        if (admitted := _admitted(finding, context, cited)) is not None
    ]


def _in_image(finding: Finding, facts: ImageFacts, offset: int) -> Finding | None:
    """A finding on an image's text, its evidence moved onto the words' boxes in the image;
    `offset` is where the image's text starts in the text that was checked."""
    regions = tuple(
        ImageRegion(facts.path, box)
        for span in finding.evidence
        if isinstance(span, Span) and span.end > offset
        for box in facts.boxes(span.start - offset, span.end - offset)
    )
    if not regions:
        return None  # nothing in the image itself carries it
    name = PurePath(facts.path).name
    return replace(finding, message=f"In the image {name}: {finding.message}", evidence=regions)


def _image_text_findings(
    post: Post, context: CheckContext, detectors: Sequence[Detector]
) -> list[Finding]:
    """The text read from each image, checked like the post's own words and in their light:
    "Isla Patel" on an exercise book is a pupil when the post speaks of marking."""
    found = []
    for path in post.images:
        facts = context.image(path)
        if facts is None or not facts.text.strip():
            continue
        lead = f"{post.text}\n\n" if post.text.strip() else ""
        seen = replace(post, text=lead + facts.text, images=())
        for finding in _findings(seen, context, detectors):
            moved = _in_image(finding, facts, len(lead))
            if moved is not None:
                found.append(moved)
    return found


def check_post(
    post: Post,
    context: CheckContext,
    detectors: Sequence[Detector],
    guidance: Mapping[str, str],
) -> Report:
    """The report on one post: one finding per clause, the verdict its most severe finding."""
    by_clause: dict[str, list[Finding]] = defaultdict(list)
    findings = _findings(post, context, detectors)
    findings += _image_text_findings(post, context, detectors)
    for finding in findings:
        by_clause[finding.clause_id].append(finding)
    merged: list[ClauseFinding] = []
    for clause_id, findings in by_clause.items():
        lead = max(findings, key=lambda f: f.severity.rank)
        merged.append(
            ClauseFinding(
                clause_id=clause_id,
                severity=lead.severity,
                message=lead.message,
                evidence=_merge_evidence(item for f in findings for item in f.evidence),
                guidance=guidance.get(clause_id, ""),
            )
        )
    merged.sort(key=lambda f: (-f.severity.rank, clause_order(f.clause_id)))
    verdict = max((f.severity for f in merged), key=lambda v: v.rank, default=Verdict.OK)
    return Report(post.id, verdict, tuple(merged), _image_notes(post, context))


def _image_notes(post: Post, context: CheckContext) -> tuple[ImageNote, ...]:
    notes = []
    for path in post.images:
        facts = context.image(path)
        if facts is not None:
            if facts.problem:
                notes.append(ImageNote(path, f"not checked: {facts.problem}"))
            notes += [ImageNote(path, f"not looked at: {what}") for what in facts.unread]
    return tuple(notes)


_ALWAYS_ADMITTED = {"llm", "photographs"}  # sources the classifier was never compared with


def _admitted(
    finding: Finding, context: CheckContext, cited: Mapping[str, Verdict]
) -> Finding | None:
    """Keeps a finding unless training showed the other source serves its clause better. Where
    the classifier alone decides a clause, a rule's finding on it still shows where, once the
    classifier has cited it, at the classifier's severity: "Pics", not the whole sentence."""
    model = context.classifier
    if model is None or finding.detector in _ALWAYS_ADMITTED:
        return finding
    combination = model.combination_for(finding.clause_id)
    from_model = finding.detector == _CLASSIFIER
    if combination is Combination.MODEL and not from_model:
        severity = cited.get(finding.clause_id)
        return None if severity is None else replace(finding, severity=severity)
    if combination is Combination.RULES and from_model:
        return None
    return finding


def check_posts(
    posts: Sequence[Post],
    context: CheckContext,
    detectors: Sequence[Detector],
    guidance: Mapping[str, str],
) -> list[Report]:
    """Reports on many posts, embedding their texts together; nothing is kept afterwards."""
    context.prepare([post.text for post in posts])
    try:
        return [check_post(post, context, detectors, guidance) for post in posts]
    finally:
        context.forget()
