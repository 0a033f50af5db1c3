"""4.1.6: slurs, hostile generalisations about a group, and posts about illegal activity.

Slurs by the words themselves, however they are starred out; otherwise shapes rather than words: a
group followed by a demand or a smear ("…should be sent back"), or an illegal act told as one's
own (drink-driving, fake goods, buying drugs, dodging fares). The classifier weighs what no
pattern can, and training keeps a pattern only where it helps on held-back folds.
"""

from __future__ import annotations

import re
from functools import cache

from prudence.check.context import CheckContext
from prudence.check.post import Finding, Post, Span, Verdict
from prudence.check.vocabulary import disguised_words, folded
from prudence.policy.catalogue import package_yaml


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    raw = package_yaml("compromising.yaml")
    data = {key: folded(value) for key, value in raw.items() if isinstance(value, str)}
    hostile = re.compile(
        rf"\b(?:{data['groups']})\b[^.!?\n]{{0,40}}?(?:{data['hostility']})", re.IGNORECASE
    )
    illegal = re.compile(rf"(?:{data['illegal']})", re.IGNORECASE)
    said = re.compile(rf"(?:{data['catchphrases']}|{data['insults']})", re.IGNORECASE)
    return hostile, illegal, said, disguised_words(raw["slurs"])


@cache
def _harmless() -> re.Pattern[str]:
    return re.compile(folded(package_yaml("compromising.yaml")["harmless"]), re.IGNORECASE)


def detect(post: Post, context: CheckContext) -> list[Finding]:
    harmless = [m.span() for m in _harmless().finditer(post.text)]
    spans: list[Span] = [
        Span(m.start(), m.end(), m.group(0))
        for p in _patterns()
        for m in p.finditer(post.text)
        if not any(a <= m.start() < b for a, b in harmless)
    ]
    if not spans:
        return []
    spans.sort(key=lambda span: span.start)
    return [
        Finding(
            "4.1.6",
            Verdict.BLOCK,
            "The post could be found offensive or discriminatory, or concerns illegal activity.",
            tuple(spans),
            detector="compromising",
        )
    ]
