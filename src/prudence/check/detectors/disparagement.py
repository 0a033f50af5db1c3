"""4.1.9 and 4.1.7: disparaging words aimed at someone from the school's world.

Fires only when a disparaging word and a person or body of the school (the head, colleagues,
parents, governors, pupils, the school itself, the local authority, or someone on its roster)
share a sentence, on a personal account or on the school's own: "the football was awful" is not
the school's business, "our head is clueless" is.
"""

from __future__ import annotations

import re
from functools import cache

from prudence.check.context import CheckContext
from prudence.check.post import Finding, Post, Span, Verdict
from prudence.check.vocabulary import alternation, sentence_around
from prudence.policy.catalogue import package_yaml


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = package_yaml("disparagement.yaml")

    return (
        re.compile(rf"(?<!\w)(?:{alternation(data['disparaging'])})(?!\w)", re.IGNORECASE),
        re.compile(rf"(?<!\w)(?:{alternation(data['targets'])})(?!\w)", re.IGNORECASE),
    )


def _people(context: CheckContext) -> re.Pattern[str] | None:
    names = {c.last_name for c in context.profile.staff} | {
        c.full_name for c in context.profile.staff
    }
    names |= {n for n in (context.school.name, *context.school.aliases) if n}
    names.discard("")
    if not names:
        return None
    alternation = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


_VERDICT_WORDS = 4  # a sentence this short is a verdict on the one before: "What a joke."


def detect(post: Post, context: CheckContext) -> list[Finding]:
    disparaging, targets = _patterns()
    people = _people(context)
    spans = []
    for match in disparaging.finditer(post.text):
        start, end = sentence_around(post.text, match.start(), match.end())
        if len(post.text[start:end].split()) <= _VERDICT_WORDS and start > 0:
            # "Absolute knob." passes judgement on what the sentence before it spoke of.
            start = sentence_around(post.text, start - 1, start)[0]
        sentence = post.text[start:end]
        if targets.search(sentence) or (people is not None and people.search(sentence)):
            spans.append(Span(match.start(), match.end(), match.group(0)))
    if not spans:
        return []
    return [
        Finding(
            "4.1.9",
            Verdict.BLOCK,
            "The post disparages someone from the school's world.",
            tuple(spans),
            detector="disparagement",
        ),
        Finding(
            "4.1.7",
            Verdict.BLOCK,
            "The post gives a view about work and the people in it.",
            tuple(spans),
            detector="disparagement",
        ),
    ]
