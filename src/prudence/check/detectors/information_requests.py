"""5.1.6: a school channel asking pupils for their personal information."""

from __future__ import annotations

import re

from prudence.check.context import CheckContext
from prudence.check.post import Audience, Channel, Finding, Post, Span, Verdict

_ASK = (
    r"(?:send|give|tell|post|share|dm|message|pm|email|text|let\s+me\s+(?:have|know)|drop|"
    r"leave|add|put|reply|comment|upload|pop|write|include|submit|fill\s+in)"
)
_PERSONAL = (
    r"(?:(?:home\s+|mobile\s+|personal\s+|phone\s+)?(?:phone\s+)?numbers?|mobiles?|"
    r"home\s+address(?:es)?|addresses|address|postcodes?|personal\s+emails?|email\s+address(?:es)?|snap(?:chat)?s?|"
    r"insta(?:gram)?s?|tiktoks?|usernames?|handles?|dates?\s+of\s+birth|birthdays?|selfies?|"
    r"photos?\s+of\s+(?:yourself|yourselves|you)\b)"
)
_OF_THEMSELVES = (
    r"(?:selfies?|(?:photos?|pics?|pictures?|videos?)\s+of\s+(?:yourself|yourselves|you)\b)"
)
_REQUEST = re.compile(
    rf"\b{_ASK}\b[^.!?\n]{{0,60}}?\b(?:your|ur|yer|their)\b[^.!?\n]{{0,30}}?\b{_PERSONAL}\b"
    rf"|\b{_ASK}\b[^.!?\n]{{0,30}}?\b{_OF_THEMSELVES}",
    re.IGNORECASE,
)
# Advice not to share ("never share your address online", "please don't post photos of
# yourselves") is the opposite of a request.
_WARNING = re.compile(
    r"\b(?:never|not|(?:don|do\s+not|shouldn|mustn|won)['\u2019]?t?|avoid|stop)\s+"
    r"(?:ever\s+|to\s+)?$",
    re.IGNORECASE,
)


def detect(post: Post, context: CheckContext) -> list[Finding]:
    if post.channel is not Channel.SCHOOL or post.audience not in {
        Audience.PUPILS,
        Audience.PUBLIC,
    }:
        return []
    spans = [
        Span(m.start(), m.end(), m.group(0))
        for m in _REQUEST.finditer(post.text)
        if not _WARNING.search(post.text, max(0, m.start() - 20), m.start())
    ]
    if not spans:
        return []
    return [
        Finding(
            "5.1.6",
            Verdict.BLOCK,
            "The post asks pupils for personal information on a school channel.",
            tuple(spans),
            detector="information_requests",
        )
    ]
