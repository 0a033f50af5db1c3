"""4.1.7: colleagues and pupils' parents named in a personal post, kindly or not.

A full name from the school's rosters ("Chris Bell") or a title and surname ("Mrs Goulding")
identifies the person, as does a first name tied to work ("Dan from work", "my colleague Priya");
other first names alone are left to the classifier, since "Dan" or "Rose" could be anyone. Naming
the person a direct message is sent to is only addressing them.
"""

from __future__ import annotations

import re

from prudence.check.context import CheckContext
from prudence.check.post import Audience, Channel, Finding, Post, Span, Verdict
from prudence.school.names import normalise_name

_AT_WORK = re.compile(
    r"\b[A-Z][a-z]+(?:\s+[A-Z]\.?)?\s+(?:from|at|in)\s+(?:work|the\s+office|my\s+department)\b"
    r"|\bmy\s+(?:colleague|co-worker|coworker|work\s+wife|work\s+husband|TA|teaching\s+assistant|"
    r"line\s+manager|head\s+of\s+department|HoD)\s+[A-Z][a-z]+\b"
)


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
    spans += [Span(m.start(), m.end(), m.group(0)) for m in _AT_WORK.finditer(post.text)]
    spans.sort(key=lambda span: span.start)
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
