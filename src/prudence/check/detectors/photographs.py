"""What an attached image shows: faces (4.1.8), the school's logo (4.1.11), where it was taken and
on what device (4.2), or that it could not be looked at."""

from __future__ import annotations

from prudence.check.context import CheckContext
from prudence.check.images import ImageFacts
from prudence.check.post import Channel, Finding, ImageRegion, Post, Verdict
from prudence.check.vocabulary import school_context
from prudence.school.names import PersonKind

DETECTOR = "photographs"


def _speaks_of_school(post: Post, facts: ImageFacts, context: CheckContext) -> bool:
    if facts.logo is not None:
        return True
    school = context.school
    names = [n.lower() for n in (school.name, *school.aliases) if n]
    for text in (post.text, facts.text):
        if school_context().search(text) or any(name in text.lower() for name in names):
            return True
    return False


def _faces(post: Post, facts: ImageFacts, context: CheckContext) -> list[Finding]:
    if not facts.faces or post.channel is Channel.SCHOOL:
        return []  # the school's own channels have their own consent and approval
    count = len(facts.faces)
    people = "a face" if count == 1 else f"{count} faces"
    regions = tuple(ImageRegion(facts.path, box) for box in facts.faces)
    if _speaks_of_school(post, facts, context):
        return [
            Finding(
                "4.1.8",
                Verdict.BLOCK,
                f"The photo shows {people} and the post places it in school life: photographs of"
                " pupils must never go on a personal account.",
                regions,
                DETECTOR,
            )
        ]
    return [
        Finding(
            "4.1.8",
            Verdict.REVIEW,
            f"The photo shows {people}. If anyone pictured is a pupil it must not be posted; "
            "a colleague or parent must agree first.",
            regions,
            DETECTOR,
        )
    ]


def _logo(post: Post, facts: ImageFacts) -> list[Finding]:
    if facts.logo is None or post.channel is Channel.SCHOOL:
        return []
    return [
        Finding(
            "4.1.11",
            Verdict.BLOCK,
            "The image shows the school's logo, which must not appear on a personal page.",
            (ImageRegion(facts.path, facts.logo),),
            DETECTOR,
        )
    ]


def _metadata(facts: ImageFacts) -> list[Finding]:
    details = []
    if facts.location is not None:
        latitude, longitude = facts.location
        details.append(f"where it was taken ({latitude:.5f}, {longitude:.5f})")
    if facts.device:
        details.append("its owner or device (" + "; ".join(facts.device) + ")")
    if not details:
        return []
    return [
        Finding(
            "4.2",
            Verdict.REVIEW,
            f"The photo records {' and '.join(details)}, which can give away a home, the school "
            "or who you are. Remove it with `prudence strip`.",
            (ImageRegion(facts.path, facts.whole),),
            DETECTOR,
        )
    ]


def _named_pupils(facts: ImageFacts, context: CheckContext) -> list[Finding]:
    """A pupil's full name written in the picture (an exercise book, a certificate, a register)
    identifies them, whatever the post says."""
    children = {PersonKind.CURRENT_PUPIL, PersonKind.FORMER_PUPIL_OF_SCHOOL_AGE}
    named = [
        (start, end, person)
        for start, end, person in context.names.full_name_mentions(facts.text)
        if person.kind in children
    ]
    if not named:
        return []
    who = ", ".join(dict.fromkeys(person.name for _, _, person in named))
    return [
        Finding(
            "4.1.7",
            Verdict.BLOCK,
            f"The image shows the name of a pupil ({who}), which identifies them.",
            tuple(
                ImageRegion(facts.path, box)
                for start, end, _ in named
                for box in facts.boxes(start, end)
            ),
            DETECTOR,
        )
    ]


def _unreadable(facts: ImageFacts) -> list[Finding]:
    if facts.problem is None:
        return []
    return [
        Finding(
            "4.1.8",
            Verdict.REVIEW,
            f"Prudence could not look at this image: {facts.problem}. Check it yourself before "
            "posting: no pupils, and no one who has not agreed.",
            (ImageRegion(facts.path, facts.whole),),
            DETECTOR,
        )
    ]


def detect(post: Post, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    for path in post.images:
        facts = context.image(path)
        if facts is None:
            continue
        found += _unreadable(facts)
        found += _faces(post, facts, context)
        found += _logo(post, facts)
        if post.channel is Channel.PERSONAL:
            found += _named_pupils(facts, context)
        found += _metadata(facts)
    return found
