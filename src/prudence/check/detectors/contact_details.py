"""4.1.5: personal contact details or accounts shared where pupils will see them."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import phonenumbers
import yaml

from prudence.check.context import CheckContext
from prudence.check.post import Audience, Channel, Finding, Post, Span, Verdict
from prudence.school.names import PersonKind, child_mentions

CLAUSE = "4.1.5"
_MIN_PHONE_DIGITS = 10  # a UK number has 10 or 11 digits; shorter runs are years or prices
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]{2,30}\b")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_LIVE_AT = re.compile(r"\bI\s+live\s+(?:at|on)\s+\d+[a-z]?\s+[A-Z][a-z]+", re.IGNORECASE)


@cache
def _invitation_pattern() -> re.Pattern[str]:
    text = resources.files("prudence").joinpath("data/contact_invitations.yaml").read_text("utf-8")
    data = yaml.safe_load(text)

    def words(key: str) -> str:
        # Longest first, so that "snapchat" wins over "snap"; spaces match any whitespace.
        escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in data[key])
        return "|".join(sorted(escaped, key=len, reverse=True))

    platforms, invitations, possessives = (
        words("platforms"),
        words("invitations"),
        words("possessives"),
    )
    return re.compile(
        rf"\b(?:(?:{invitations})\s+(?:\w+\s+){{0,3}}?on\s+(?:{platforms})\b"
        rf"|(?:{possessives})\s*(?:is|:|=)\s*[\w.@+-]*\w)",
        re.IGNORECASE,
    )


def _spans(post: Post, context: CheckContext) -> list[Span]:
    text = post.text
    spans: list[Span] = []
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for number in matcher:
        if sum(c.isdigit() for c in number.raw_string) >= _MIN_PHONE_DIGITS:
            spans.append(Span(number.start, number.end, number.raw_string))
    school_domain = _domain(context.school.website)
    for match in _EMAIL.finditer(text):
        if school_domain and match.group(0).lower().endswith(school_domain):
            continue  # a school address is how pupils and parents should reach staff
        spans.append(Span(match.start(), match.end(), match.group(0)))
    school_handles = {h.lower() for h in context.school.social_handles}
    for match in _HANDLE.finditer(text):
        if match.group(0).lower() not in school_handles:
            spans.append(Span(match.start(), match.end(), match.group(0)))
    for pattern in (_invitation_pattern(), _POSTCODE, _LIVE_AT):
        spans += [Span(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
    return spans


def _domain(website: str | None) -> str | None:
    if not website:
        return None
    host = re.sub(r"^https?://", "", website.lower()).split("/")[0]
    return host.removeprefix("www.")


def detect(post: Post, context: CheckContext) -> list[Finding]:
    spans = _spans(post, context)
    if not spans:
        return []
    recipient = context.names.resolve(post.recipient) if post.audience is Audience.DIRECT else None
    if recipient is not None and recipient.kind.is_child:
        severity, message = (
            Verdict.BLOCK,
            f"Personal contact details sent to {recipient.name}, a {recipient.kind.value}.",
        )
    elif post.audience is Audience.PUPILS or post.channel is Channel.SCHOOL:
        severity, message = (
            Verdict.BLOCK,
            "Personal contact details shared where pupils will see them.",
        )
    elif recipient is not None and recipient.kind is PersonKind.PARENT:
        severity = (
            Verdict.BLOCK if child_mentions(post.text, recipient.children) else Verdict.REVIEW
        )
        message = "Personal contact details sent to a pupil's parent, which can reach the pupil."
    elif post.audience in {Audience.PUBLIC, Audience.PARENTS}:
        severity, message = Verdict.REVIEW, "Personal contact details in a post pupils may see."
    else:
        return []
    return [Finding(CLAUSE, severity, message, tuple(spans), detector="contact_details")]
