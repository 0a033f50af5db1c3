"""4.1.11: the school's website, handles or other identifiers on a personal page."""

from __future__ import annotations

import re

from prudence.check.context import CheckContext
from prudence.check.post import Channel, Finding, Post, Span, Verdict


def _website_pattern(website: str) -> re.Pattern[str]:
    host = re.sub(r"^https?://", "", website.strip().lower()).split("/")[0].removeprefix("www.")
    return re.compile(rf"(?:https?://)?(?:www\.)?{re.escape(host)}(?:/\S*)?", re.IGNORECASE)


def detect(post: Post, context: CheckContext) -> list[Finding]:
    if post.channel is Channel.SCHOOL:
        return []
    links: list[Span] = []
    if context.school.website:
        pattern = _website_pattern(context.school.website)
        links += [Span(m.start(), m.end(), m.group(0)) for m in pattern.finditer(post.text)]
    tags: list[Span] = []
    for handle in context.school.social_handles:
        pattern = re.compile(rf"(?<![\w@]){re.escape(handle)}\b", re.IGNORECASE)
        tags += [Span(m.start(), m.end(), m.group(0)) for m in pattern.finditer(post.text)]
    if links:
        # A link from a personal page to the school's website is what the clause forbids.
        severity, message, evidence = (
            Verdict.BLOCK,
            "A personal post links to the school's website.",
            tuple(links + tags),
        )
    elif tags:
        # Tagging the school's account ties a personal page to the school: worth a second look.
        severity, message, evidence = (
            Verdict.REVIEW,
            "A personal post tags the school's own account.",
            tuple(tags),
        )
    else:
        return []
    return [
        Finding("4.1.11", severity, message, evidence, detector="school_identifiers"),
        Finding(
            "4.1.7",
            severity,
            "The post ties the author's personal page to their work.",
            evidence,
            detector="school_identifiers",
        ),
    ]
