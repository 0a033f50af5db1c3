"""4.1.7 and 4.1.8: pupils identified in a personal post, and photographs of pupils.

Many pupils share names with words and famous people ("Grace", "Summer", "Sophie Turner"), so a
name identifies a pupil only with school context: anywhere in the post for a full name, in the
same sentence for a first name alone ("Grace in my class"). The classifier weighs the rest.
"""

from __future__ import annotations

import re

from prudence.check.context import CheckContext
from prudence.check.post import Audience, Channel, Finding, Post, Span, Verdict
from prudence.check.vocabulary import photo_words, school_context, sentence_around
from prudence.school.names import PersonKind

_CONTACT = re.compile(
    r"\b(?:friend(?:ed|s)?|request|add(?:ed)?|follow(?:ed|ing|s)?|accept(?:ed)?|"
    r"messag(?:e|ed|ing)|dm(?:ed|'d)?|snap(?:chat)?|insta(?:gram)?|tiktok|whatsapp|facebook|"
    r"meet(?:ing)? up|catch(?:ing)? up)\b",
    re.IGNORECASE,
)
# A photograph said not to be taken or shared ("no names, no pics"), or said to show nobody
# ("no kids in it", "no faces, just clay"); and picture books, which are not photographs.
_NO_PHOTO = re.compile(
    r"\b(?:no|not|never|without|zero|(?:won|don|can|shan|wouldn)['\u2019]?t)\s+"
    r"(?:[a-z]+\s+)?(?:any\s+)?$",
    re.IGNORECASE,
)
_NOBODY_PICTURED = re.compile(
    r"\bno\s+(?:little\s+|small\s+)?(?:kids|children|pupils|students|faces|people|one)\s+"
    r"(?:in\s+(?:it|them|shot|frame|the\s+(?:photo|pic|picture|shot|frame))|"
    r"(?:were|was)\s+(?:photographed|pictured|harmed)|harmed|pictured|yet)\b"
    r"|\bnot\s+a\s+(?:child|kid|pupil|student|soul|face)\s+in\s+(?:sight|shot|it)\b",
    re.IGNORECASE,
)
_NOT_A_PHOTO = re.compile(r"\s+books?\b", re.IGNORECASE)
# A photograph of the author's own family: "pic of my two in their nativity costumes".
_OF_OWN_FAMILY = re.compile(
    r"\s+(?:of|with)\s+(?:my|our)\s+(?:own\s+)?(?:two|three|four|sons?|daughters?|nephews?|"
    r"nieces?|grandsons?|granddaughters?|grandkids|grandchildren|baby|babies|eldest|youngest|"
    r"little\s+(?:one|ones|girl|boy|man|lady))\b",
    re.IGNORECASE,
)


def _identified_pupils(post: Post, context: CheckContext, kind: PersonKind) -> list[Span]:
    text = post.text
    about_school = school_context().search(text) is not None
    spans = [
        Span(a, b, text[a:b])
        for a, b, person in context.names.full_name_mentions(text)
        if person.kind is kind and about_school
    ]
    taken = {(s.start, s.end) for s in spans}
    for person in context.names.pupils:
        pupil = person.pupil
        if pupil is None or person.kind is not kind:
            continue
        for name in filter(None, {pupil.first_name, pupil.preferred_name}):
            for match in re.finditer(rf"(?<![\w@]){re.escape(name)}(?!\w)", text):
                if any(a <= match.start() < b for a, b in taken):
                    continue
                start, end = sentence_around(text, match.start(), match.end())
                if school_context().search(text[start:end]):
                    spans.append(Span(match.start(), match.end(), match.group(0)))
                    taken.add(match.span())
    return sorted(spans, key=lambda s: s.start)


def detect(post: Post, context: CheckContext) -> list[Finding]:
    if post.channel is Channel.SCHOOL:
        return []  # school channels name and picture pupils under the school's own consent
    if post.audience is Audience.DIRECT:
        recipient = context.names.resolve(post.recipient)
        if recipient.kind in {
            PersonKind.CURRENT_PUPIL,
            PersonKind.FORMER_PUPIL_OF_SCHOOL_AGE,
            PersonKind.PARENT,
        }:
            return []  # contact with pupils and their parents is the pupil-contact detector's
    findings: list[Finding] = []
    former = [
        Span(a, b, post.text[a:b])
        for a, b, person in context.names.full_name_mentions(post.text)
        if person.kind is PersonKind.FORMER_PUPIL_OF_SCHOOL_AGE
    ]
    if former and _CONTACT.search(post.text):
        findings.append(
            Finding(
                "4.1.3",
                Verdict.BLOCK,
                "The post is about contact with a former pupil who is still a child.",
                tuple(former),
                detector="pupil_mentions",
            )
        )
    pupils = _identified_pupils(post, context, PersonKind.CURRENT_PUPIL)
    if pupils:
        findings.append(
            Finding(
                "4.1.7",
                Verdict.BLOCK,
                "The post discusses a pupil who can be identified.",
                tuple(pupils),
                detector="pupil_mentions",
            )
        )
    photos = []
    nobody_pictured = _NOBODY_PICTURED.search(post.text) is not None
    for match in photo_words().finditer(post.text):
        if (
            nobody_pictured
            or _NO_PHOTO.search(post.text, 0, match.start())
            or _NOT_A_PHOTO.match(post.text, match.end())
            or _OF_OWN_FAMILY.match(post.text, match.end())
        ):
            continue
        start, end = sentence_around(post.text, match.start(), match.end())
        sentence = post.text[start:end]
        names_a_pupil = any(start <= s.start < end for s in pupils)
        if names_a_pupil or school_context().search(sentence):
            photos.append(Span(match.start(), match.end(), match.group(0)))
    if photos:
        findings.append(
            Finding(
                "4.1.8",
                Verdict.BLOCK,
                "The post shares, or is about to share, a photograph of pupils.",
                tuple(photos),
                detector="pupil_mentions",
            )
        )
        if not pupils:
            # A photograph from school is also the author writing about their work.
            findings.append(
                Finding(
                    "4.1.7",
                    Verdict.BLOCK,
                    "The post shares school life from a personal account.",
                    tuple(photos),
                    detector="pupil_mentions",
                )
            )
    return findings
