"""4.1.10 and 4.1.7: the school's own confidential topics in a personal post."""

from __future__ import annotations

import re

from prudence.check.context import CheckContext
from prudence.check.post import Channel, Finding, Post, Span, Verdict


def detect(post: Post, context: CheckContext) -> list[Finding]:
    if post.channel is Channel.SCHOOL or not context.profile.confidential_terms:
        return []  # the school decides what its own channels announce
    spans = []
    for term in context.profile.confidential_terms:
        words = r"\s+".join(re.escape(word) for word in term.split())
        pattern = re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)
        spans += [Span(m.start(), m.end(), m.group(0)) for m in pattern.finditer(post.text)]
    if not spans:
        return []
    evidence = tuple(sorted(spans, key=lambda s: s.start))
    return [
        Finding(
            "4.1.10",
            Verdict.BLOCK,
            "The post mentions a matter the school treats as confidential.",
            evidence,
            detector="confidential_terms",
        ),
        Finding(
            "4.1.7",
            Verdict.BLOCK,
            "The post writes about the school's confidential business.",
            evidence,
            detector="confidential_terms",
        ),
    ]
