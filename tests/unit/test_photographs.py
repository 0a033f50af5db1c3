"""What an attached image means for the policy, decided from what was seen in it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from prudence.check.context import CheckContext
from prudence.check.detectors import DETECTORS
from prudence.check.engine import check_post
from prudence.check.images import ImageFacts, Word
from prudence.check.post import Audience, Channel, ImageRegion, Post, Report, Verdict
from prudence.policy.catalogue import clause_guidance

FACE = (40, 30, 120, 140)


class SeenImages:
    """Stands in for the image adapters: the facts about each path, as if looked at."""

    def __init__(self, *facts: ImageFacts) -> None:
        self.facts = {f.path: f for f in facts}
        self.looks = 0

    def look(self, path: str) -> ImageFacts:
        self.looks += 1
        return self.facts[path]


def report(context: CheckContext, text: str, *facts: ImageFacts, **post: object) -> Report:
    images = SeenImages(*facts)
    seeing = replace(context, images=images)
    return check_post(
        Post("p", text, images=tuple(f.path for f in facts), **post),  # type: ignore[arg-type]
        seeing,
        DETECTORS,
        clause_guidance(),
    )


def finding(result: Report, clause: str) -> tuple[Verdict, list[object]]:
    (match,) = [f for f in result.findings if f.clause_id == clause]
    return match.severity, list(match.evidence)


def photo(**facts: object) -> ImageFacts:
    return ImageFacts("photo.jpg", width=800, height=600, **facts)  # type: ignore[arg-type]


@pytest.mark.clause("4.1.8")
def test_a_face_in_a_photo_from_a_school_trip_is_blocked(demo_context: CheckContext) -> None:
    result = report(demo_context, "Great day at the zoo with my class!", photo(faces=(FACE,)))
    assert result.verdict is Verdict.BLOCK
    assert finding(result, "4.1.8") == (Verdict.BLOCK, [ImageRegion("photo.jpg", FACE)])


@pytest.mark.clause("4.1.8")
def test_a_face_with_nothing_about_school_needs_the_authors_second_look(
    demo_context: CheckContext,
) -> None:
    result = report(demo_context, "Sunday lunch at the Fox", photo(faces=(FACE, (300, 40, 90, 90))))
    severity, evidence = finding(result, "4.1.8")
    assert severity is Verdict.REVIEW and len(evidence) == 2
    assert "2 faces" in result.findings[0].message


def test_the_schools_logo_in_the_picture_makes_a_face_a_school_photo(
    demo_context: CheckContext,
) -> None:
    result = report(demo_context, "Sunday lunch", photo(faces=(FACE,), logo=(500, 400, 60, 60)))
    assert finding(result, "4.1.8")[0] is Verdict.BLOCK


def test_faces_on_the_schools_own_channel_are_left_to_its_consent_process(
    demo_context: CheckContext,
) -> None:
    result = report(demo_context, "Sports day!", photo(faces=(FACE,)), channel=Channel.SCHOOL)
    assert result.verdict is Verdict.OK


def test_a_landscape_is_fine(demo_context: CheckContext) -> None:
    assert report(demo_context, "Lakes at dawn", photo()).verdict is Verdict.OK


@pytest.mark.clause("4.1.11")
def test_the_schools_logo_on_a_personal_post_is_blocked(demo_context: CheckContext) -> None:
    result = report(demo_context, "New profile picture", photo(logo=(10, 20, 64, 64)))
    assert finding(result, "4.1.11") == (
        Verdict.BLOCK,
        [ImageRegion("photo.jpg", (10, 20, 64, 64))],
    )


@pytest.mark.clause("4.2")
def test_where_a_photo_was_taken_and_on_whose_phone_are_reported(
    demo_context: CheckContext,
) -> None:
    facts = photo(location=(51.503470, -0.127750), device=("make: Apple", "owner: J Patel"))
    result = report(demo_context, "Home sweet home", facts)
    severity, evidence = finding(result, "4.2")
    assert severity is Verdict.REVIEW
    assert evidence == [ImageRegion("photo.jpg", (0, 0, 800, 600))]
    message = result.findings[0].message
    assert "51.50347, -0.12775" in message and "owner: J Patel" in message
    assert "prudence strip" in message


def test_an_image_that_cannot_be_read_is_never_passed_as_fine(demo_context: CheckContext) -> None:
    broken = ImageFacts("broken.jpg", problem="the file is truncated or damaged")
    result = report(demo_context, "Look at this", broken)
    assert result.verdict is Verdict.REVIEW
    assert finding(result, "4.1.8")[1] == [ImageRegion("broken.jpg", (0, 0, 0, 0))]
    assert result.as_dict({})["notes"] == [
        {"image": "broken.jpg", "note": "not checked: the file is truncated or damaged"}
    ]


def test_what_could_not_be_looked_at_is_said_in_the_report(demo_context: CheckContext) -> None:
    facts = photo(unread=("text: Tesseract is not installed",))
    result = report(demo_context, "Lakes at dawn", facts)
    assert result.verdict is Verdict.OK
    assert [n.note for n in result.notes] == ["not looked at: text: Tesseract is not installed"]


def _read(*lines: tuple[str, tuple[int, int, int, int]]) -> tuple[str, tuple[Word, ...]]:
    text, words = "", []
    for line, box in lines:
        if text:
            text += "\n"
        words.append(Word(len(text), len(text) + len(line), box))
        text += line
    return text, tuple(words)


@pytest.mark.clause("4.1.7")
def test_a_pupils_name_on_an_exercise_book_is_found_where_it_is_written(
    demo_context: CheckContext,
) -> None:
    text, words = _read(("Maths", (10, 10, 80, 20)), ("Isla Patel 4B", (10, 50, 200, 24)))
    result = report(demo_context, "Marking marathon tonight", photo(text=text, words=words))
    assert result.verdict is Verdict.BLOCK
    evidence = [e for f in result.findings for e in f.evidence]
    assert ImageRegion("photo.jpg", (10, 50, 200, 24)) in evidence
    assert all(isinstance(e, ImageRegion) for e in evidence)
    assert "Isla Patel" in result.findings[0].message


@pytest.mark.clause("4.1.5")
def test_a_phone_number_in_a_screenshot_to_pupils_is_found_in_the_screenshot(
    demo_context: CheckContext,
) -> None:
    text, words = _read(("text me on", (5, 5, 70, 12)))
    text += " 07700 900123"
    words += (Word(11, 23, (80, 5, 120, 12)),)
    result = report(
        demo_context, "Revision tips!", photo(text=text, words=words), audience=Audience.PUPILS
    )
    severity, evidence = finding(result, "4.1.5")
    assert severity is Verdict.BLOCK
    assert ImageRegion("photo.jpg", (80, 5, 120, 12)) in evidence


@pytest.mark.clause("4.1.11")
def test_a_qr_code_leading_to_the_schools_website_is_found(demo_context: CheckContext) -> None:
    code = "https://www.brookfield-primary.example/tutoring"
    facts = photo(text=code, words=(Word(0, len(code), (600, 400, 90, 90)),), codes=(code,))
    result = report(demo_context, "Private tutoring, message me", facts)
    assert finding(result, "4.1.11")[1] == [ImageRegion("photo.jpg", (600, 400, 90, 90))]


def test_each_image_is_looked_at_once_however_many_detectors_ask(
    demo_context: CheckContext,
) -> None:
    images = SeenImages(photo(faces=(FACE,)))
    seeing = replace(demo_context, images=images)
    check_post(Post("p", "Zoo trip", images=("photo.jpg",)), seeing, DETECTORS, clause_guidance())
    assert images.looks == 1
