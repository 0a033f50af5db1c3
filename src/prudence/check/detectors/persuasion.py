"""4.1.14: a colleague's position used to persuade pupils politically or religiously.

Fires only where pupils will read it (a post to pupils, a school channel, a message to a child)
and only on persuasion, a call to vote, join, sign up, come along or believe: teaching about
elections or faiths, or adults talking politics among adults, is not this clause's business.
"""

from __future__ import annotations

import re
from functools import cache

from prudence.check.context import CheckContext
from prudence.check.post import Audience, Channel, Finding, Post, Span, Verdict
from prudence.check.vocabulary import folded
from prudence.policy.catalogue import package_yaml


@cache
def _pattern(faiths: bool = True) -> re.Pattern[str]:
    data = {key: folded(value) for key, value in package_yaml("persuasion.yaml").items()}
    targets = f"{data['causes']}|{data['faiths']}" if faiths else data["causes"]
    return re.compile(
        rf"(?<!\w)(?:{data['persuading']})\b[^.!?\n]{{0,25}}?(?<!\w)(?:{targets})(?!\w)",
        re.IGNORECASE,
    )


def _pupils_will_read(post: Post, context: CheckContext) -> bool:
    if post.audience is Audience.PUPILS or post.channel is Channel.SCHOOL:
        return post.audience is not Audience.COLLEAGUES
    if post.audience is Audience.DIRECT:
        return context.names.resolve(post.recipient).kind.is_child
    return False


def detect(post: Post, context: CheckContext) -> list[Finding]:
    if not _pupils_will_read(post, context):
        return []
    # A church school's own channel inviting families to a service is the school's worship,
    # not a colleague's persuasion; politics has no such place.
    pattern = _pattern(faiths=post.channel is not Channel.SCHOOL)
    spans = [Span(m.start(), m.end(), m.group(0)) for m in pattern.finditer(post.text)]
    if not spans:
        return []
    return [
        Finding(
            "4.1.14",
            Verdict.BLOCK,
            "The post uses a colleague's position to win pupils to a political or religious "
            "view or an organisation.",
            tuple(spans),
            detector="persuasion",
        )
    ]
