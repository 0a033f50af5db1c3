"""4.1.7: colleagues and pupils' parents named in a personal post, kindly or not.

A full name from the school's rosters ("Chris Bell") or a title and surname ("Mrs Goulding")
identifies the person; first names alone are left to the classifier, since "Dan" or "Rose" could
be anyone. Naming the person a direct message is sent to is only addressing them.
"""

from __future__ import annotations

from prudence.check.context import CheckContext
from prudence.check.post import Audience, Channel, Finding, Post, Span, Verdict
from prudence.school.names import normalise_name


def detect(post: Post, context: CheckContext) -> list[Finding]:
    if post.channel is Channel.SCHOOL:
        return []  # the school's own channel speaks of its people under its own rules
    recipient = None
    if post.audience is Audience.DIRECT:
        recipient = normalise_name(context.names.resolve(post.recipient).name)
    spans = [
        Span(start, end, post.text[start:end])
        for start, end, person in context.names.adult_mentions(post.text)
        if normalise_name(person.name) != recipient
    ]
    if not spans:
        return []
    return [
        Finding(
            "4.1.7",
            Verdict.BLOCK,
            "The post discusses a colleague or a pupil's parent who can be identified.",
            tuple(spans),
            detector="adult_mentions",
        )
    ]
