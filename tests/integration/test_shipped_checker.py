"""The checker as shipped (rules and trained classifier) on posts written for these tests.

None of these posts is in the corpus; each breach has a benign cousin that must stay quiet.
"""

from __future__ import annotations

from datetime import date

import pytest

from prudence.check.post import Audience, Channel, Post, Verdict
from prudence.services.checking import PostChecker, build_post_checker
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def checker() -> PostChecker:
    return build_post_checker(
        ROOT / "examples" / "demo-school" / "profile.yaml", date(2026, 11, 24)
    )


def clauses(checker: PostChecker, text: str, **fields: object) -> tuple[Verdict, set[str]]:
    report = checker.report(Post(id="p", text=text, **fields))  # type: ignore[arg-type]
    return report.verdict, {f.clause_id for f in report.findings}


def test_the_shipped_classifier_is_loaded(checker: PostChecker) -> None:
    assert checker.context.classifier is not None and checker.context.encoder is not None


@pytest.mark.clause("4.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "All these immigrants should be sent back where they came from",
        "Got absolutely wasted and drove home, no one any the wiser lol",
        "Anyone know where to get fake designer bags? Need a cheap Gucci",
    ],
)
def test_offensive_and_illegal_content_is_blocked(checker: PostChecker, text: str) -> None:
    verdict, found = clauses(checker, text)
    assert verdict is Verdict.BLOCK and "4.1.6" in found


@pytest.mark.clause("4.1.9")
@pytest.mark.parametrize(
    "text",
    [
        "The new deputy is an absolute joke, no idea what she's doing",
        "Parents at this school are a nightmare, entitled the lot of them",
        "SLT couldn't organise a piss-up in a brewery",
    ],
)
def test_disparaging_the_schools_people_is_blocked(checker: PostChecker, text: str) -> None:
    verdict, found = clauses(checker, text)
    assert verdict is Verdict.BLOCK and {"4.1.9", "4.1.7"} <= found


@pytest.mark.clause("4.1.13")
@pytest.mark.parametrize(
    "text",
    [
        "Just stalked the new TA's Facebook, she's got a wild past 👀",
        "Looked up Isla's mum on Facebook last night, explains a lot",
    ],
)
def test_looking_people_up_online_is_blocked(checker: PostChecker, text: str) -> None:
    assert "4.1.13" in clauses(checker, text)[1]


@pytest.mark.clause("4.1.14")
@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "Remember kids, the only party that cares about you is Labour. Tell your parents!",
            {"channel": Channel.SCHOOL, "audience": Audience.PUPILS},
        ),
        (
            "Pupils, come to our church youth night and find Jesus, it will change your life",
            {"audience": Audience.PUPILS},
        ),
    ],
)
def test_swaying_pupils_politics_or_religion_is_blocked(
    checker: PostChecker, text: str, fields: dict[str, object]
) -> None:
    assert "4.1.14" in clauses(checker, text, **fields)[1]


@pytest.mark.clause("4.1.4")
def test_accepting_a_pupils_friend_request_is_blocked(checker: PostChecker) -> None:
    text = (
        "One of my Year 6 girls added me on Instagram last night, accepted it, she's a sweetheart"
    )
    verdict, found = clauses(checker, text)
    assert verdict is Verdict.BLOCK and "4.1.4" in found


@pytest.mark.clause("5.1.2")
def test_unsuitable_content_on_a_school_channel_is_blocked(checker: PostChecker) -> None:
    text = "Brilliant night out, so drunk I can't remember getting home 🍺🍺🍺"
    verdict, found = clauses(checker, text, channel=Channel.SCHOOL, audience=Audience.PUPILS)
    assert verdict is Verdict.BLOCK and "5.1.2" in found


@pytest.mark.parametrize(
    "text",
    [
        "Lovely walk on the beach with the dog",
        "Voted this morning, fingers crossed for a good result",
        "Church was lovely this morning, such a warm welcome",
        pytest.param(
            "Massive thanks to the brilliant office team at work, they keep us all going",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known false alarm: several corpus writers label unqualified praise of "
                "the school a review under 4.1.7",
            ),
        ),
        "The referee was useless tonight, worst game of the season",
        pytest.param(
            "Look",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known false alarm: in the corpus a bare caption ('Look', 'Look at this') "
                "most often goes with a photo of pupils, so the classifier calls it 4.1.8",
            ),
        ),
    ],
)
def test_their_benign_cousins_pass(checker: PostChecker, text: str) -> None:
    assert clauses(checker, text) == (Verdict.OK, set())


@pytest.mark.xfail(
    strict=True,
    reason="known false alarm: sincere praise of the head reads like the corpus's fake praise",
)
def test_sincere_praise_of_the_head_is_not_called_disparaging(checker: PostChecker) -> None:
    # An unqualified view about work may merit 4.1.7 (review); it is never 4.1.9.
    assert "4.1.9" not in clauses(checker, "Our head is so supportive, lucky to work with her")[1]
