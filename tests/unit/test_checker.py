"""The first detectors of "Can I post this?": contact with pupils, contact details, school links."""

from __future__ import annotations

import pytest

from prudence.check.context import CheckContext
from prudence.check.detectors import DETECTORS
from prudence.check.engine import check_post
from prudence.check.post import Audience, Channel, Post, Report, Verdict
from prudence.policy.catalogue import clause_guidance, model_policy


def check(context: CheckContext, text: str, **fields: object) -> Report:
    post = Post(id="p", text=text, **fields)  # type: ignore[arg-type]
    return check_post(post, context, DETECTORS, clause_guidance())


def clauses(report: Report) -> dict[str, Verdict]:
    return {f.clause_id: f.severity for f in report.findings}


@pytest.mark.clause("4.1.5")
@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "0044 7700 900 123",
        "(0117) 496 0123",
        "0117-496-0123",
        "+44 (0)7700 900123",
    ],
)
def test_a_phone_number_in_any_uk_spelling_sent_to_a_pupil_is_blocked(
    demo_context: CheckContext, number: str
) -> None:
    text = f"Ring me on {number} if you're stuck"
    report = check(demo_context, text, audience=Audience.DIRECT, recipient="Isla Patel")
    assert report.verdict is Verdict.BLOCK
    (finding,) = [f for f in report.findings if f.clause_id == "4.1.5"]
    spans = [span.text for span in finding.evidence]
    assert any(number.replace(" ", "") in s.replace(" ", "") for s in spans), spans
    assert all(text[s.start : s.end] == s.text for s in finding.evidence)


@pytest.mark.clause("4.1.5")
@pytest.mark.parametrize(
    "text",
    [
        "add me on snap for the answers",
        "Follow me on Insta!",
        "my snapchat is jo_p99",
        "message me on WhatsApp x",
        "my personal email is jo.price99@gmail.example",
        "my discord: jojo#1234",
    ],
)
def test_a_personal_account_offered_to_pupils_is_blocked(
    demo_context: CheckContext, text: str
) -> None:
    report = check(demo_context, text, audience=Audience.PUPILS)
    assert clauses(report)["4.1.5"] is Verdict.BLOCK


@pytest.mark.clause("4.1.5")
def test_the_same_number_is_fine_among_friends_and_worth_a_second_look_in_public(
    demo_context: CheckContext,
) -> None:
    text = "New number, 07700 900123, text me for the pub quiz"
    assert check(demo_context, text, audience=Audience.FRIENDS).verdict is Verdict.OK
    assert check(demo_context, text, audience=Audience.PUBLIC).verdict is Verdict.REVIEW


@pytest.mark.clause("4.1.5")
def test_a_school_email_address_is_how_pupils_should_reach_staff(
    demo_context: CheckContext,
) -> None:
    text = "Any questions, email j.price@brookfield-primary.example"
    assert (
        check(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PUPILS).verdict
        is Verdict.OK
    )


@pytest.mark.clause("4.1.5")
def test_years_prices_and_times_are_not_phone_numbers(demo_context: CheckContext) -> None:
    text = "Since 2016 we've raised £1,250 for the hospice; meet 10:30 at 14 Elm Rd on 12/03/2027"
    assert (
        check(demo_context, text, audience=Audience.PUPILS, channel=Channel.SCHOOL).verdict
        is Verdict.OK
    )


@pytest.mark.clause("4.1.2")
def test_a_personal_message_to_a_current_pupil_is_blocked(demo_context: CheckContext) -> None:
    report = check(
        demo_context, "Well done today!", audience=Audience.DIRECT, recipient="Amelia Walsh"
    )
    assert clauses(report) == {"4.1.2": Verdict.BLOCK}
    assert "Amelia Walsh, a current pupil" in report.findings[0].message


@pytest.mark.clause("4.1.2")
def test_a_message_to_a_parent_that_reaches_their_child_is_blocked(
    demo_context: CheckContext,
) -> None:
    text = "Hi Mrs Patel, could Isla message me on Facebook about her project?"
    report = check(demo_context, text, audience=Audience.DIRECT, recipient="Mrs Asha Patel")
    assert clauses(report) == {"4.1.2": Verdict.BLOCK, "4.1.5": Verdict.BLOCK}
    (contact,) = [f for f in report.findings if f.clause_id == "4.1.2"]
    assert [span.text for span in contact.evidence] == ["Isla"]


@pytest.mark.clause("4.1.2")
def test_a_message_to_a_parent_about_something_else_is_not_contact_with_a_pupil(
    demo_context: CheckContext,
) -> None:
    report = check(
        demo_context,
        "Are we still on for the PTA meeting?",
        audience=Audience.DIRECT,
        recipient="Asha Patel",
    )
    assert report.verdict is Verdict.OK


@pytest.mark.clause("4.1.3")
def test_a_message_to_a_former_pupil_still_of_school_age_is_blocked_but_not_to_an_adult(
    demo_context: CheckContext,
) -> None:
    child = check(
        demo_context, "How's secondary?", audience=Audience.DIRECT, recipient="Leo Davies"
    )
    adult = check(
        demo_context, "Congratulations!", audience=Audience.DIRECT, recipient="Chloe Mensah"
    )
    assert clauses(child) == {"4.1.3": Verdict.BLOCK}
    assert adult.verdict is Verdict.OK


@pytest.mark.clause("4.1.11")
def test_a_link_to_the_school_website_on_a_personal_page_is_blocked(
    demo_context: CheckContext,
) -> None:
    text = "Tutoring available, see www.brookfield-primary.example/staff for my details"
    report = check(demo_context, text)
    assert clauses(report)["4.1.11"] is Verdict.BLOCK
    assert report.findings[0].evidence[0].text == "www.brookfield-primary.example/staff"


@pytest.mark.clause("4.1.11")
def test_tagging_the_schools_account_asks_for_a_second_look_and_is_fine_on_school_channels(
    demo_context: CheckContext,
) -> None:
    text = "Great sports day @BrookfieldPri"
    assert clauses(check(demo_context, text)) == {"4.1.11": Verdict.REVIEW, "4.1.7": Verdict.REVIEW}
    assert (
        check(demo_context, text, channel=Channel.SCHOOL, audience=Audience.PARENTS).verdict
        is Verdict.OK
    )


def test_every_finding_carries_guidance_and_a_clause_the_policy_has(
    demo_context: CheckContext,
) -> None:
    text = "Text me on 07700 900123 or see brookfield-primary.example"
    report = check(demo_context, text, audience=Audience.DIRECT, recipient="Isla Patel")
    assert {f.clause_id for f in report.findings} == {"4.1.2", "4.1.5", "4.1.11", "4.1.7"}
    for finding in report.findings:
        model_policy().by_id(finding.clause_id)
        assert finding.guidance
    assert [f.severity for f in report.findings] == sorted(
        (f.severity for f in report.findings), key=lambda v: -v.rank
    )


def test_an_everyday_post_is_ok(demo_context: CheckContext) -> None:
    assert check(demo_context, "Beautiful sunset over the estuary tonight.").verdict is Verdict.OK


@pytest.mark.clause("4.1.5")
@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("Cracking job by Leeds Plumbing, call them on 0113 496 0321", {}),
        (
            "Office is open till 4, ring 0113 496 0000 for dinner money",
            {"channel": Channel.SCHOOL, "audience": Audience.PARENTS},
        ),
        ("Happy birthday @dave_smith, have a good one", {}),
    ],
)
def test_other_peoples_numbers_and_handles_are_not_personal_contact_details(
    demo_context: CheckContext, text: str, fields: dict[str, object]
) -> None:
    assert "4.1.5" not in clauses(check(demo_context, text, **fields))


@pytest.mark.clause("4.1.5")
def test_a_number_framed_as_ones_own_is_personal_wherever_it_sits(
    demo_context: CheckContext,
) -> None:
    assert (
        clauses(check(demo_context, "Selling my bike, text 07700 900555"))["4.1.5"]
        is Verdict.REVIEW
    )
    assert clauses(check(demo_context, "my insta is @jo_price_99 x"))["4.1.5"] is Verdict.REVIEW
