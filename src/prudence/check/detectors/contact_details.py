"""4.1.5: personal contact details or accounts shared where pupils will see them."""

from __future__ import annotations

import re
from functools import cache

import phonenumbers

from prudence.check.context import CheckContext
from prudence.check.post import Audience, Channel, Finding, Post, Span, Verdict
from prudence.check.vocabulary import alternation
from prudence.policy.catalogue import package_yaml
from prudence.school.names import PersonKind, child_mentions

CLAUSE = "4.1.5"
_MIN_PHONE_DIGITS = 10  # a UK number has 10 or 11 digits; shorter runs are years or prices
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]{2,30}\b")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_LIVE_AT = re.compile(r"\bI\s+live\s+(?:at|on)\s+\d+[a-z]?\s+[A-Z][a-z]+", re.IGNORECASE)
# A house number and a street: "14 Chelsea Road", "3a Mill Lane". Whose it is is judged below.
_STREET = re.compile(
    r"\b\d{1,4}[a-zA-Z]?,?\s+(?:[A-Z][\w'-]+\s+){1,3}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Crescent|Cres|Way|Grove|Terrace|"
    r"Place|Gardens|Gdns|Court|Ct|Mews|Walk|Row|Hill|View|Rise|Square|Sq|Parade|Green|Fold|"
    r"Croft|Brow|Bank|Gate|Park)\b"
)
# Numbers read out in words, as people write them to dodge filters: "oh seven seven double oh…".
_DIGITS = {
    "zero": "0", "oh": "0", "o": "0", "nought": "0", "nil": "0", "one": "1", "two": "2",
    "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_SPOKEN_DIGIT = rf"(?:(?:double|triple)[\s-]+)?(?:{'|'.join(_DIGITS)}|\d+)"
_SPOKEN_NUMBER = re.compile(
    rf"(?<!\w){_SPOKEN_DIGIT}(?:[\s,.-]+{_SPOKEN_DIGIT})+(?!\w)", re.IGNORECASE
)


def _spoken_digits(words: str) -> str:
    digits = []
    for repeat, word in re.findall(r"(?:(double|triple)[\s-]+)?(\w+)", words.lower()):
        digit = _DIGITS.get(word, word)
        digits.append(digit * {"double": 2, "triple": 3}.get(repeat, 1))
    return "".join(digits)


def _spoken_phone_numbers(text: str) -> list[Span]:
    """Phone numbers written wholly or partly in words, which the number matcher cannot read."""
    found = []
    for match in _SPOKEN_NUMBER.finditer(text):
        if not re.search(r"[a-z]", match.group(0), re.IGNORECASE):
            continue  # all digits: the number matcher reads these
        digits = _spoken_digits(match.group(0))
        if digits.startswith("7") and len(digits) == 10:
            digits = "0" + digits  # the leading zero of a mobile is often left unsaid
        try:
            number = phonenumbers.parse(digits, "GB")
        except phonenumbers.NumberParseException:
            continue
        if len(digits) >= _MIN_PHONE_DIGITS and phonenumbers.is_possible_number(number):
            found.append(Span(match.start(), match.end(), match.group(0)))
    return found


@cache
def _invitation_pattern() -> re.Pattern[str]:
    data = package_yaml("contact_invitations.yaml")

    platforms, invitations, possessives = (
        alternation(data["platforms"]),
        alternation(data["invitations"]),
        alternation(data["possessives"]),
    )
    return re.compile(
        rf"\b(?:(?:{invitations})\s+(?:\w+\s+){{0,3}}?on\s+(?:{platforms})\b"
        rf"|(?:{possessives})\s*(?:is|:|=)\s*[\w.@+-]*\w)",
        re.IGNORECASE,
    )


# Whose details are they? "Text me on…", "my mobile is…": the author's. "Call Leeds Plumbing
# on…", "the office number is…": someone else's, and no business of this clause.
_FIRST_PERSON = re.compile(
    r"\b(?:my|me|mine|I|I'm|Im|I've|I'll|DM|new (?:number|mobile|phone))\b", re.I
)
_WINDOW = 40


# "Rang Pete's Plumbing on…", "call Leeds Council on…": a named someone else's number.
_SOMEONE_ELSES = re.compile(
    r"\b(?i:rang|ring|call|called|phone|phoned|text|texted|contact|contacted|try|tried)\s+"
    r"(?!(?i:me|us)\b)(?:the\s+)?[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*)*\s+on\s*$"
)


# Someone else's attempt, reported: "a Year 8 tried to follow me on Instagram", "sent me a follow
# request on insta". The author hands out nothing; what they did about it is for 4.1.4.
_SOMEONE_ELSE_ASKED = re.compile(
    r"\b(?:tried|trying|tries|wanted|wants|asked|asking|asks|keeps|kept|attempted)\s+to\s+$",
    re.IGNORECASE,
)
_A_REQUEST_RECEIVED = re.compile(r"\w+\s+requests?\b", re.IGNORECASE)


def _framed_as_own(text: str, start: int, end: int) -> bool:
    before = re.split(r"[.!?\n]", text[max(0, start - _WINDOW) : start])[-1]
    if _SOMEONE_ELSES.search(before):
        return False
    after = re.split(r"[.!?\n]", text[end : end + _WINDOW])[0]
    return bool(_FIRST_PERSON.search(before) or _FIRST_PERSON.search(after))


def _spans(post: Post, context: CheckContext, to_a_child: bool) -> list[Span]:
    text = post.text
    details: list[Span] = []
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for number in matcher:
        if sum(c.isdigit() for c in number.raw_string) >= _MIN_PHONE_DIGITS:
            details.append(Span(number.start, number.end, number.raw_string))
    school_domain = _domain(context.school.website)
    for match in _EMAIL.finditer(text):
        if school_domain and match.group(0).lower().endswith(school_domain):
            continue  # a school address is how pupils and parents should reach staff
        details.append(Span(match.start(), match.end(), match.group(0)))
    school_handles = {h.lower() for h in context.school.social_handles}
    for match in _HANDLE.finditer(text):
        if match.group(0).lower() not in school_handles:
            details.append(Span(match.start(), match.end(), match.group(0)))
    details += _spoken_phone_numbers(text)
    for pattern in (_POSTCODE, _LIVE_AT, _STREET):
        details += [Span(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
    if not to_a_child:
        details = [d for d in details if _framed_as_own(text, d.start, d.end)]
    invitations = [
        Span(m.start(), m.end(), m.group(0))
        for m in _invitation_pattern().finditer(text)
        if not _SOMEONE_ELSE_ASKED.search(text, max(0, m.start() - _WINDOW), m.start())
        and not _A_REQUEST_RECEIVED.match(m.group(0))
    ]
    return details + invitations


def _domain(website: str | None) -> str | None:
    if not website:
        return None
    host = re.sub(r"^https?://", "", website.lower()).split("/")[0]
    return host.removeprefix("www.")


def detect(post: Post, context: CheckContext) -> list[Finding]:
    recipient = context.names.resolve(post.recipient) if post.audience is Audience.DIRECT else None
    spans = _spans(post, context, to_a_child=recipient is not None and recipient.kind.is_child)
    if not spans:
        return []
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
