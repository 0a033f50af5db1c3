"""4.1.10 and 4.1.7: the school's own confidential topics in a personal post."""

from __future__ import annotations

import re

from prudence.check.context import CheckContext
from prudence.check.post import Channel, Finding, Post, Span, Verdict
from prudence.check.vocabulary import school_context, workplace


def _about_work(text: str, context: CheckContext) -> bool:
    """Confidential terms are often everyday words ("capability", "federation", "deficit")."""
    school = context.school
    names = [n for n in (school.name, *school.aliases) if n]
    return bool(
        school_context().search(text)
        or workplace().search(text)
        or any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.I) for n in names)
    )


def detect(post: Post, context: CheckContext) -> list[Finding]:
    if post.channel is Channel.SCHOOL or not context.profile.confidential_terms:
        return []  # the school decides what its own channels announce
    spans = []
    for term in context.profile.confidential_terms:
        words = r"\s+".join(re.escape(word) for word in term.split())
        pattern = re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)
        spans += [Span(m.start(), m.end(), m.group(0)) for m in pattern.finditer(post.text)]
    if not spans or not _about_work(post.text, context):
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
