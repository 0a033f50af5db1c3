"""4.1.2 and 4.1.3: personal messages to pupils, directly or through their parents."""

from __future__ import annotations

from prudence.check.context import CheckContext
from prudence.check.post import Audience, Channel, Finding, Post, Span, Verdict
from prudence.school.names import PersonKind, child_mentions


def detect(post: Post, context: CheckContext) -> list[Finding]:
    if post.channel is Channel.SCHOOL:
        return []  # school channels are the proper route; Section 5 governs them
    if post.audience is Audience.PUPILS:
        return [
            Finding(
                "4.1.2",
                Verdict.BLOCK,
                "A personal post addressed to pupils.",
                detector="pupil_contact",
            )
        ]
    if post.audience is not Audience.DIRECT:
        return []
    person = context.names.resolve(post.recipient)
    if person.kind is PersonKind.CURRENT_PUPIL:
        return [
            Finding(
                "4.1.2",
                Verdict.BLOCK,
                f"A personal message to {person.name}, a current pupil.",
                detector="pupil_contact",
            )
        ]
    if person.kind is PersonKind.FORMER_PUPIL_OF_SCHOOL_AGE:
        return [
            Finding(
                "4.1.3",
                Verdict.BLOCK,
                f"A personal message to {person.name}, a former pupil who is still a child.",
                detector="pupil_contact",
            )
        ]
    if person.kind is PersonKind.PARENT:
        spans = child_mentions(post.text, person.children)
        if spans:
            return [
                Finding(
                    "4.1.2",
                    Verdict.BLOCK,
                    f"A personal message reaching a pupil through their parent, {person.name}.",
                    tuple(Span(a, b, post.text[a:b]) for a, b in spans),
                    detector="pupil_contact",
                )
            ]
    return []
