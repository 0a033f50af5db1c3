"""The precise rules: pupils named, photographs, confidential topics, requests to pupils."""

from __future__ import annotations

import pytest

from prudence.check.context import CheckContext
from prudence.check.detectors import RULES
from prudence.check.engine import check_post
from prudence.check.post import Audience, Channel, Post, Verdict
from prudence.policy.catalogue import clause_guidance


def found(context: CheckContext, text: str, **fields: object) -> dict[str, list[str]]:
    post = Post(id="p", text=text, **fields)  # type: ignore[arg-type]
    report = check_post(post, context, RULES, clause_guidance())
    return {f.clause_id: [s.text for s in f.evidence] for f in report.findings}


@pytest.mark.clause("4.1.7")
def test_a_pupil_named_with_school_context_is_writing_about_work(
    demo_context: CheckContext,
) -> None:
    assert found(demo_context, "Isla in my class was a superstar in assembly") == {
        "4.1.7": ["Isla"]
    }
    assert found(
        demo_context, "Amelia Walsh finally got her times tables! Proud teacher moment"
    ) == {"4.1.7": ["Amelia Walsh"]}


@pytest.mark.clause("4.1.7")
@pytest.mark.parametrize(
    "text",
    [
        "Harry and Meghan are in the news again",  # a pupil's first name, no school context
        "Off to see Harry Okafor... no wait, that's the plumber",  # a full name, no school context
        "Noah's ark at the museum today",
        "Proud of my class for their assembly today. Views my own.",  # no one identified
    ],
)
def test_names_shared_with_the_wider_world_are_not_pupils(
    demo_context: CheckContext, text: str
) -> None:
    assert "4.1.7" not in found(demo_context, text)


@pytest.mark.clause("4.1.7")
def test_the_school_channel_may_name_its_pupils(demo_context: CheckContext) -> None:
    text = "Congratulations to Isla Patel in Year 4 for her art prize!"
    assert found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PARENTS) == {}


@pytest.mark.clause("4.1.8")
@pytest.mark.parametrize(
    "text",
    [
        "Photo of my Year 5s at the zoo today, look at their faces!",
        "pics from the nativity coming up later 😍",
        "Got a cracking video of Noah in class doing the floss",
    ],
)
def test_a_photograph_from_school_is_blocked(demo_context: CheckContext, text: str) -> None:
    result = found(demo_context, text)
    assert "4.1.8" in result and "4.1.7" in result


@pytest.mark.clause("4.1.8")
@pytest.mark.parametrize(
    "text",
    ["Photo of the sunset from the ferry", "Pics of the dog in the snow!", "Video of my wedding"],
)
def test_photographs_of_life_outside_school_are_fine(demo_context: CheckContext, text: str) -> None:
    assert found(demo_context, text) == {}


@pytest.mark.clause("4.1.3")
def test_contact_with_a_former_pupil_still_a_child_is_blocked(demo_context: CheckContext) -> None:
    result = found(demo_context, "Accepted a friend request from Leo Davies, so grown up now!")
    assert result == {"4.1.3": ["Leo Davies"]}
    assert found(demo_context, "Bumped into Chloe Mensah and added her on Facebook") == {}


@pytest.mark.clause("4.1.10")
def test_the_schools_own_confidential_topics_are_blocked_on_personal_accounts(
    demo_context: CheckContext,
) -> None:
    result = found(demo_context, "Shhh but the BUDGET  deficit means staff cuts after Easter")
    assert result == {"4.1.10": ["BUDGET  deficit"], "4.1.7": ["BUDGET  deficit"]}
    assert (
        found(demo_context, "Restructure of the loft finally done!", channel=Channel.SCHOOL) == {}
    )


@pytest.mark.clause("5.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "Please can all pupils send me their home phone numbers on here before the trip.",
        "Drop your snapchat usernames in the comments so I can add you to the revision group",
        "Year 6, message me your home address for the prize draw",
    ],
)
def test_asking_pupils_for_personal_information_on_a_school_channel_is_blocked(
    demo_context: CheckContext, text: str
) -> None:
    result = found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS)
    assert "5.1.6" in result


@pytest.mark.clause("5.1.6")
def test_pointing_pupils_to_the_school_office_is_not_a_request(demo_context: CheckContext) -> None:
    text = "Trip forms are due Friday; any questions, ask at the office."
    assert found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS) == {}
    assert Verdict.OK


@pytest.mark.clause("4.1.10")
@pytest.mark.parametrize(
    "text",
    ["Our house has a budget deficit every December", "The restructure of my garden is complete"],
)
def test_a_confidential_word_in_everyday_use_is_not_confidential(
    demo_context: CheckContext, text: str
) -> None:
    assert found(demo_context, text) == {}


@pytest.mark.clause("4.1.9")
def test_a_disparaging_word_aimed_at_the_schools_people_is_blocked(
    demo_context: CheckContext,
) -> None:
    result = found(demo_context, "Honestly our head is clueless. Anyway, pub?")
    assert result == {"4.1.9": ["clueless"], "4.1.7": ["clueless"]}
    assert "4.1.9" in found(demo_context, "Mrs Marsh is a total joke")


@pytest.mark.clause("4.1.9")
def test_the_same_word_aimed_elsewhere_is_not_the_schools_business(
    demo_context: CheckContext,
) -> None:
    assert found(demo_context, "The referee was useless tonight, absolute clown") == {}


@pytest.mark.clause("4.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "Refugees are all scroungers, send them back",
        "6 pints at the match then drove home, no bother",
        "Selling knock-off Toon shirts £15, DM me",
    ],
)
def test_hostile_generalisations_and_illegal_acts_are_blocked(
    demo_context: CheckContext, text: str
) -> None:
    assert "4.1.6" in found(demo_context, text)


@pytest.mark.clause("4.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "Drink-drive checks on the A30 all December. Good.",
        "Volunteering with the refugee welcome group this weekend",
        "Watched a documentary on fake designer gear, grim",
    ],
)
def test_talking_about_such_things_is_not_doing_them(demo_context: CheckContext, text: str) -> None:
    assert found(demo_context, text) == {}


@pytest.mark.clause("5.1.2")
def test_drink_swearing_and_sex_on_a_school_channel_are_blocked(demo_context: CheckContext) -> None:
    text = "Staff do was messy, still hungover 🍻"
    assert found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS) == {
        "5.1.2": ["hungover"]
    }
    assert found(demo_context, text) == {}  # on a personal account among friends: not 5.1.2
