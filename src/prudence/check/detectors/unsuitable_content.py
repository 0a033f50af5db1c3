"""5.1.2: content on a school channel that is not suitable for the pupils who will see it."""

from __future__ import annotations

import re
from functools import cache

from prudence.check.context import CheckContext
from prudence.check.post import Channel, Finding, Post, Span, Verdict
from prudence.check.vocabulary import disguised_words
from prudence.policy.catalogue import package_yaml


@cache
def _pattern() -> re.Pattern[str]:
    return disguised_words(package_yaml("unsuitable.yaml")["unsuitable"])


def detect(post: Post, context: CheckContext) -> list[Finding]:
    if post.channel is not Channel.SCHOOL:
        return []
    spans = [Span(m.start(), m.end(), m.group(0)) for m in _pattern().finditer(post.text)]
    if not spans:
        return []
    return [
        Finding(
            "5.1.2",
            Verdict.BLOCK,
            "The content is not suitable for the pupils who will see this school channel.",
            tuple(spans),
            detector="unsuitable_content",
        )
    ]
