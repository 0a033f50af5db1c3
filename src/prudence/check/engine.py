"""Runs the detectors over a post and turns their findings into one verdict per post."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from prudence.check.context import CheckContext
from prudence.check.model import Combination
from prudence.check.post import ClauseFinding, Finding, Post, Report, Span, Verdict
from prudence.policy.clause import clause_order

Detector = Callable[[Post, CheckContext], Iterable[Finding]]


def _merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Every distinct span once, in order; a span holding a more precise one gives way to it."""
    unique = {(s.start, s.end): s for s in spans}
    kept = [
        span
        for key, span in unique.items()
        if not any(
            other != key and span.start <= other[0] and other[1] <= span.end for other in unique
        )
    ]
    return tuple(sorted(kept, key=lambda s: (s.start, s.end)))


def check_post(
    post: Post,
    context: CheckContext,
    detectors: Sequence[Detector],
    guidance: Mapping[str, str],
) -> Report:
    """The report on one post: one finding per clause, the verdict its most severe finding."""
    by_clause: dict[str, list[Finding]] = defaultdict(list)
    for detector in detectors:
        for finding in detector(post, context):
            if _admitted(finding, context):
                by_clause[finding.clause_id].append(finding)
    merged: list[ClauseFinding] = []
    for clause_id, findings in by_clause.items():
        lead = max(findings, key=lambda f: f.severity.rank)
        merged.append(
            ClauseFinding(
                clause_id=clause_id,
                severity=lead.severity,
                message=lead.message,
                evidence=_merge_spans(span for f in findings for span in f.evidence),
                guidance=guidance.get(clause_id, ""),
            )
        )
    merged.sort(key=lambda f: (-f.severity.rank, clause_order(f.clause_id)))
    verdict = max((f.severity for f in merged), key=lambda v: v.rank, default=Verdict.OK)
    return Report(post_id=post.id, verdict=verdict, findings=tuple(merged))


def _admitted(finding: Finding, context: CheckContext) -> bool:
    """Keeps a finding unless training showed the other source serves its clause better."""
    model = context.classifier
    if model is None or finding.detector == "llm":
        return True
    combination = model.combination_for(finding.clause_id)
    from_model = finding.detector == "classifier"
    if combination is Combination.MODEL:
        return from_model
    if combination is Combination.RULES:
        return not from_model
    return True


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
