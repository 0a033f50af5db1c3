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
        "5.1.2": ["hungover", "🍻"]
    }
    assert found(demo_context, text) == {}  # on a personal account among friends: not 5.1.2


@pytest.mark.clause("5.1.2")
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("absolutely f***ing buzzing after that result", ["f***ing"]),
        ("Who else needs a large glass of wine after today? 🍷", ["wine", "🍷"]),
        ("City are 5/2 on Sky Bet tonight lads, easy money", ["Sky Bet"]),
        ("FFS the wifi is down again, do the worksheet on paper", ["FFS"]),
    ],
)
def test_starred_swearing_drink_and_betting_on_a_school_channel_are_blocked(
    demo_context: CheckContext, text: str, words: list[str]
) -> None:
    result = found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS)
    assert result["5.1.2"] == words


@pytest.mark.clause("5.1.2")
def test_ordinary_school_news_with_look_alike_words_is_fine(demo_context: CheckContext) -> None:
    text = "Y3's lanterns are hanging in the hall. Crisps and squash at the fair, 50p a go!"
    assert found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS) == {}


@pytest.mark.clause("5.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "Christmas cards are coming! Reply here with your home addresses so I can post them",
        "Comment a selfie for our Faces of Brookfield wall, best smile wins",
    ],
)
def test_replies_and_selfies_asked_of_pupils_are_requests(
    demo_context: CheckContext, text: str
) -> None:
    result = found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS)
    assert "5.1.6" in result


@pytest.mark.clause("5.1.6")
def test_asking_for_photos_of_their_work_is_not_personal_information(
    demo_context: CheckContext,
) -> None:
    text = "Send us photos of your science experiments for the newsletter!"
    assert found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS) == {}


@pytest.mark.clause("4.1.6")
@pytest.mark.parametrize(
    ("text", "slur"),
    [
        ("Set 4 were absolutely r*tarded today", "r*tarded"),
        ("Some spaz parked across three spaces at Aldi", "spaz"),
        ("honestly the alphabet mafia again this month", "alphabet mafia"),
        ("he's such a f@gg0t lol", "f@gg0t"),
    ],
)
def test_slurs_are_blocked_however_they_are_starred_out(
    demo_context: CheckContext, text: str, slur: str
) -> None:
    assert found(demo_context, text)["4.1.6"] == [slur]


@pytest.mark.clause("4.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "Popping out for fags and a paper, back in 10",
        "Went on a proper bender for Gaz's fortieth",
        "Walked Offa's Dyke path with the dog, 12 miles",
        "Among the best days out we've had this year",
    ],
)
def test_words_that_contain_or_resemble_slurs_are_not_slurs(
    demo_context: CheckContext, text: str
) -> None:
    assert found(demo_context, text) == {}


@pytest.mark.clause("4.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "Hopped the barrier at the station again, not paying £22 to stand",
        "Getting the tram into town without a ticket, 3 months and never checked",
        "Did 110 on the M6 coming home, empty roads",
        "Smoked a joint in the garden after marking, bliss",
    ],
)
def test_fare_dodging_speeding_and_drugs_told_as_ones_own_are_blocked(
    demo_context: CheckContext, text: str
) -> None:
    assert "4.1.6" in found(demo_context, text)


@pytest.mark.clause("4.1.6")
def test_a_ticket_for_an_event_is_not_fare_dodging(demo_context: CheckContext) -> None:
    assert found(demo_context, "No entry without a ticket, so book early for the quiz!") == {}


@pytest.mark.clause("4.1.5")
@pytest.mark.parametrize(
    "text",
    [
        "Text me on oh seven seven double oh, nine double oh, six five two",
        "my new number: seven seven double oh nine double oh one two three",
        "New number for anyone who needs it: seven seven double oh, nine double oh, six four six",
    ],
)
def test_a_phone_number_read_out_in_words_is_a_contact_detail(
    demo_context: CheckContext, text: str
) -> None:
    result = found(demo_context, text, audience=Audience.PUPILS)
    assert "4.1.5" in result
    assert "double oh" in result["4.1.5"][0]


@pytest.mark.clause("4.1.5")
def test_counting_in_words_is_not_a_phone_number(demo_context: CheckContext) -> None:
    text = "I have two dogs, one cat and three fish, and my class has thirty"
    assert "4.1.5" not in found(demo_context, text, audience=Audience.PUPILS)


@pytest.mark.clause("4.1.5")
def test_a_home_address_given_to_pupils_is_a_contact_detail(demo_context: CheckContext) -> None:
    text = "Missed the deadline? Pop it through my letterbox, 14 Chelsea Road, by Sunday"
    result = found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS)
    assert result["4.1.5"] == ["14 Chelsea Road"]
    shop = "Great coffee at the new cafe, 3a Mill Lane, go and support them"
    assert "4.1.5" not in found(demo_context, shop)


@pytest.mark.clause("4.1.7")
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Massive shoutout to Jo Price for covering my lesson today", "Jo Price"),
        ("Mr Haddad fell asleep in the staff briefing again", "Mr Haddad"),
        ("Mrs Okafor brought me brownies at parents' evening, best parent", "Mrs Okafor"),
    ],
)
def test_a_colleague_or_parent_named_in_a_personal_post_is_writing_about_work(
    demo_context: CheckContext, text: str, name: str
) -> None:
    assert found(demo_context, text)["4.1.7"] == [name]


@pytest.mark.clause("4.1.7")
def test_naming_the_colleague_a_message_is_sent_to_is_only_addressing_them(
    demo_context: CheckContext,
) -> None:
    text = "Thanks Jo Price, you're a star for covering"
    assert found(demo_context, text, audience=Audience.DIRECT, recipient="Jo Price") == {}
    assert found(demo_context, "Tom sent me a lovely card, the marsh was flooded") == {}


@pytest.mark.clause("4.1.9")
def test_disparaging_the_schools_people_on_its_own_channel_is_blocked(
    demo_context: CheckContext,
) -> None:
    text = "Shoutout to whichever parent parked across the zig zags today. Absolute knob."
    result = found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PARENTS)
    assert "knob" in result["4.1.9"]
    assert found(demo_context, "Bloody trust IT, wifi down again 🙄")["4.1.9"] == ["🙄"]


@pytest.mark.clause("4.1.5")
def test_a_business_rung_on_its_number_is_not_the_authors_contact_detail(
    demo_context: CheckContext,
) -> None:
    text = "Rang Pete's Plumbing on 0161 496 0811 after my moan yesterday, sorted the boiler"
    assert found(demo_context, text) == {}
    assert "4.1.5" in found(demo_context, "Call me on 0161 496 0811 after 6, my landline")


@pytest.mark.clause("4.1.7")
@pytest.mark.parametrize(
    ("text", "colleague"),
    [
        ("Dan from work's just got engaged!!! so happy for him", "Dan from work"),
        ("Huge thanks to my colleague Priya for the lift home", "my colleague Priya"),
    ],
)
def test_a_colleague_identified_by_their_work_is_writing_about_work(
    demo_context: CheckContext, text: str, colleague: str
) -> None:
    assert found(demo_context, text)["4.1.7"] == [colleague]
    assert found(demo_context, "Working from home today, the boiler man is coming") == {}


@pytest.mark.clause("4.1.14")
@pytest.mark.parametrize(
    "text",
    [
        "Vote Conservative on Thursday, children, and tell your families too!",
        "Who wants to be a Young Conservative? Sign-up in the hall at lunch",
        "Come along to church on Sunday, Jesus loves you all",
    ],
)
def test_persuading_pupils_politically_or_religiously_is_blocked(
    demo_context: CheckContext, text: str
) -> None:
    assert "4.1.14" in found(demo_context, text, audience=Audience.PUPILS)
    assert "4.1.14" not in found(demo_context, text, audience=Audience.FRIENDS)


@pytest.mark.clause("4.1.14")
@pytest.mark.parametrize(
    "text",
    [
        "Y10, today we compared how Labour and the Conservatives choose their leaders",
        "Join the school council! Elections on Friday",
        "Come along to church for our Harvest Festival service, 10am Friday",
    ],
)
def test_teaching_politics_and_a_schools_own_worship_are_not_persuasion(
    demo_context: CheckContext, text: str
) -> None:
    result = found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS)
    assert "4.1.14" not in result


@pytest.mark.clause("4.1.9")
def test_calling_a_pupil_names_is_derogatory(demo_context: CheckContext) -> None:
    text = "Harry in my class cried all through assembly again, what a drama queen."
    assert found(demo_context, text)["4.1.9"] == ["drama queen"]


@pytest.mark.clause("4.1.8")
@pytest.mark.parametrize(
    "text",
    [
        "Photo of my classroom display before term starts, no kids in it 😍",
        "Proud of my Year 7s today. No names, no pics, just a happy teacher",
        "not posting any photos of my class obviously, but what a day",
        "Pic of my classroom all set up for September, not a child in sight yet",
        "Can anyone recommend a picture book about grief for my class?",
        "Pic of my own two in their nativity costumes before we left the house",
    ],
)
def test_a_photograph_said_to_show_no_pupils_or_not_to_be_taken_is_fine(
    demo_context: CheckContext, text: str
) -> None:
    assert "4.1.8" not in found(demo_context, text)


@pytest.mark.clause("4.1.8")
@pytest.mark.parametrize(
    "text",
    [
        "Here's a pic of the Year 6 leavers, no faces just the backs of their heads",
        "Photo of my class on the trip, no one else's business what I post",
        "Pic of my Year 5s in their nativity costumes",
    ],
)
def test_a_photograph_of_pupils_is_blocked_whatever_else_the_post_denies(
    demo_context: CheckContext, text: str
) -> None:
    assert "4.1.8" in found(demo_context, text)


@pytest.mark.clause("5.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "Safer Internet Day: never share your address or phone number with people online.",
        "Pupils, please don't post photos of yourselves in the comments!",
        "Do not share your home address with anyone you meet online.",
    ],
)
def test_advice_not_to_share_personal_information_is_not_a_request(
    demo_context: CheckContext, text: str
) -> None:
    assert found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS) == {}


@pytest.mark.clause("5.1.6")
def test_a_request_that_begins_with_dont_forget_is_still_a_request(
    demo_context: CheckContext,
) -> None:
    text = "Don't forget to send your phone number to Miss Lee for the trip group"
    assert "5.1.6" in found(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS)


@pytest.mark.clause("4.1.5")
@pytest.mark.parametrize(
    "text",
    [
        "A pupil tried to add me on Facebook last night. Declined and reported to our DSL.",
        "A Year 7 sent me a follow request on insta tonight. Declined, screenshot sent to the DSL",
    ],
)
def test_a_pupils_request_reported_is_not_the_author_handing_out_an_account(
    demo_context: CheckContext, text: str
) -> None:
    assert "4.1.5" not in found(demo_context, text)


@pytest.mark.clause("4.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "Proper chippy in Dawley, get the faggots and peas, thank me later",
        "That stand-up had me snorting tea out my nose",
        "Pre-drinks done, taxi booked, nobody's driving tonight",
        "Wine o'clock 🍷 lime and soda for him indoors, he's driving us back",
    ],
)
def test_a_dish_a_laugh_and_a_sober_driver_are_not_offensive_or_illegal(
    demo_context: CheckContext, text: str
) -> None:
    assert found(demo_context, text) == {}


@pytest.mark.clause("4.1.6")
@pytest.mark.parametrize(
    "text",
    ["that ref is a f@ggot", "snorted a line at Gaz's party", "Four pints and I drove home fine"],
)
def test_the_slur_drugs_and_drink_driving_are_still_caught(
    demo_context: CheckContext, text: str
) -> None:
    assert "4.1.6" in found(demo_context, text)


@pytest.mark.clause("4.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "bit of charlie on a Saturday never hurt anyone",
        "Pingers for Ibiza SORTED 💊💊",
        "Sunday = sofa and a fat one 🌿💨",
        "anyone got a guy for some green this weekend?",
        "Did a few cash jobs over the summer. Not declaring a penny of that to HMRC",
        "Only had the two pints so I was fine to drive",
        "that new film is so g@y lol",
        "being so retarted today, keys in the fridge",
        "If you don't like it go back to your own country",
        "Boat people should be sent straight back",
        "Autistic people are just rude people with a diagnosis",
    ],
)
def test_drugs_tax_dodging_and_prejudice_in_everyday_slang_are_blocked(
    demo_context: CheckContext, text: str
) -> None:
    assert "4.1.6" in found(demo_context, text)


@pytest.mark.clause("4.1.6")
@pytest.mark.parametrize(
    "text",
    [
        "Laughing gas canisters all over the rec again. Reported it to the council",
        "Proud to march with the gay rights group at Pride",
        "So gay couples can marry in church now? About time",
        "A few lines from my favourite poem to end the week",
        "Charlie from next door fixed our fence, what a star",
    ],
)
def test_the_same_words_used_innocently_are_not_offensive(
    demo_context: CheckContext, text: str
) -> None:
    assert "4.1.6" not in found(demo_context, text)
