"""School channels: the register, the publishers and each post's way from draft to publication."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from prudence.check.post import Verdict
from prudence.school.channels import (
    TRANSITIONS,
    ChannelPost,
    ChannelProblem,
    ChannelRefused,
    PostStatus,
    Publisher,
    SchoolChannel,
    TransitionRefused,
)

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HEAD = "head@oakfield.example"


def channel(**changes: object) -> SchoolChannel:
    fields: dict[str, object] = {
        "platform": "school website news pages",
        "address": "https://oakfield.example/news",
        "password_protected": True,
        "run_from_school_website": True,
        "licence_and_guidelines": None,
    }
    fields.update(changes)
    return SchoolChannel(**fields)  # type: ignore[arg-type]


def publisher(signed_on: date | None = date(2025, 9, 1)) -> Publisher:
    return Publisher(
        id="priya@oakfield.example", name="Priya Nair", undertaking_signed_on=signed_on
    )


def post(author: Publisher | None = None, on: SchoolChannel | None = None) -> ChannelPost:
    return ChannelPost(
        id="post-1",
        channel=on or channel(),
        author=author or publisher(),
        text="Year 4 visited the museum today.",
        created_at=MONDAY,
    )


def later(minutes: int) -> datetime:
    return MONDAY + timedelta(minutes=minutes)


def submit(item: ChannelPost, verdict: str = "ok", minutes: int = 10) -> None:
    item.transition_to(
        PostStatus.CHECKED, actor=item.author.id, now=later(minutes), verdict=verdict
    )


def post_in(status: PostStatus) -> ChannelPost:
    """A post brought to the status by the ordinary route."""
    item = post()
    route = {
        PostStatus.DRAFT: [],
        PostStatus.CHECKED: [PostStatus.CHECKED],
        PostStatus.APPROVED: [PostStatus.CHECKED, PostStatus.APPROVED],
        PostStatus.PUBLISHED: [PostStatus.CHECKED, PostStatus.APPROVED, PostStatus.PUBLISHED],
        PostStatus.REMOVED: [
            PostStatus.CHECKED,
            PostStatus.APPROVED,
            PostStatus.PUBLISHED,
            PostStatus.REMOVED,
        ],
    }[status]
    for step, new in enumerate(route, start=1):
        make(item, new, minutes=step * 10)
    assert item.status is status
    return item


def make(item: ChannelPost, new: PostStatus, minutes: int = 100) -> None:
    """Makes an allowed transition with what it needs."""
    if new is PostStatus.CHECKED:
        submit(item, minutes=minutes)
    elif new is PostStatus.APPROVED:
        item.transition_to(new, actor=HEAD, now=later(minutes))
    elif new is PostStatus.REMOVED:
        item.transition_to(new, actor=HEAD, now=later(minutes), reason="a pupil's full name")
    else:
        item.transition_to(new, actor=item.author.id, now=later(minutes))


FORBIDDEN = [
    (old, new)
    for old, new in itertools.product(PostStatus, PostStatus)
    if new not in TRANSITIONS[old]
]
ALLOWED = [(old, new) for old in PostStatus for new in sorted(TRANSITIONS[old])]


def test_a_post_is_checked_approved_and_published_in_turn_and_a_removal_is_final() -> None:
    draft, checked, approved, published, removed = PostStatus
    assert dict(TRANSITIONS) == {
        draft: {checked},
        checked: {approved, draft},
        approved: {published, draft},
        published: {removed},
        removed: set(),
    }
    assert len(FORBIDDEN) == len(PostStatus) ** 2 - 6


@pytest.mark.parametrize(("old", "new"), FORBIDDEN, ids=lambda s: str(s))
def test_every_transition_the_table_forbids_is_refused_and_changes_nothing(
    old: PostStatus, new: PostStatus
) -> None:
    item = post_in(old)
    before = (item.status, item.chronology, item.verdict, item.approved_by, item.author.suspension)
    with pytest.raises(TransitionRefused, match=f"a {old} post cannot become {new}"):
        item.transition_to(new, actor=HEAD, now=later(500), reason="a reason", verdict="ok")
    after = (item.status, item.chronology, item.verdict, item.approved_by, item.author.suspension)
    assert after == before


@pytest.mark.parametrize(("old", "new"), ALLOWED, ids=lambda s: str(s))
def test_every_transition_the_table_allows_can_be_made_and_is_recorded(
    old: PostStatus, new: PostStatus
) -> None:
    item = post_in(old)
    make(item, new, minutes=500)
    assert item.status is new
    last = item.chronology[-1]
    assert (last.old, last.new, last.at) == (old, new, later(500))


def test_a_post_goes_from_draft_through_check_and_approval_to_publication() -> None:
    item = post()
    submit(item, verdict="review")
    item.transition_to(PostStatus.APPROVED, actor=HEAD, now=later(20))
    item.transition_to(PostStatus.PUBLISHED, actor=HEAD, now=later(30))
    assert [(e.actor, e.old, e.new) for e in item.chronology] == [
        (item.author.id, None, PostStatus.DRAFT),
        (item.author.id, PostStatus.DRAFT, PostStatus.CHECKED),
        (HEAD, PostStatus.CHECKED, PostStatus.APPROVED),
        (HEAD, PostStatus.APPROVED, PostStatus.PUBLISHED),
    ]
    assert item.chronology[1].verdict is Verdict.REVIEW
    assert (item.approved_by, item.approved_at) == (HEAD, later(20))


@pytest.mark.clause("5.1.3")
def test_a_channel_without_a_password_falls_short_of_the_policy() -> None:
    assert channel(password_protected=False).problems() == (
        ChannelProblem("5.1.3", "it is not password protected"),
    )


@pytest.mark.clause("5.1.3")
@pytest.mark.clause("5.1.4")
def test_a_channel_run_away_from_the_school_website_needs_a_licence_and_guidelines() -> None:
    elsewhere = channel(platform="a class blog", run_from_school_website=False)
    assert [p.clause for p in elsewhere.problems()] == ["5.1.4"]
    licensed = channel(
        run_from_school_website=False, licence_and_guidelines="Licence 2026-03, guidelines v2"
    )
    assert licensed.problems() == ()
    assert channel().problems() == ()


@pytest.mark.clause("5.1.3")
def test_a_post_for_a_channel_that_falls_short_cannot_be_submitted() -> None:
    item = post(on=channel(password_protected=False))
    with pytest.raises(TransitionRefused, match=r"not password protected \(5.1.3\)"):
        submit(item)
    assert item.status is PostStatus.DRAFT


@pytest.mark.clause("5.1.4")
@pytest.mark.parametrize("signed_on", [None, date(2026, 3, 3)], ids=["never", "tomorrow"])
def test_only_a_publisher_who_has_signed_the_undertaking_may_submit(signed_on: date | None) -> None:
    item = post(author=publisher(signed_on))
    with pytest.raises(TransitionRefused, match="has not signed the undertaking"):
        submit(item)
    assert item.status is PostStatus.DRAFT


@pytest.mark.clause("5.1.1")
def test_a_publisher_whose_rights_are_suspended_may_not_submit() -> None:
    author = publisher()
    author.suspend(actor=HEAD, now=MONDAY, reasons="a photograph of a pupil on the school page")
    with pytest.raises(TransitionRefused, match="publishing rights are suspended"):
        submit(post(author=author))


def test_only_the_author_submits_a_post() -> None:
    item = post()
    with pytest.raises(TransitionRefused, match="only the author submits"):
        item.transition_to(PostStatus.CHECKED, actor=HEAD, now=later(10), verdict="ok")


@pytest.mark.parametrize("verdict", [None, "fine", "BLOCKED"])
def test_a_check_needs_a_verdict_the_checker_gives(verdict: str | None) -> None:
    item = post()
    with pytest.raises(TransitionRefused, match="verdict"):
        item.transition_to(PostStatus.CHECKED, actor=item.author.id, now=later(10), verdict=verdict)
    assert item.status is PostStatus.DRAFT


def test_only_the_check_records_a_verdict() -> None:
    item = post_in(PostStatus.CHECKED)
    with pytest.raises(TransitionRefused, match="only the check records"):
        item.transition_to(PostStatus.APPROVED, actor=HEAD, now=later(20), verdict="ok")


def test_a_post_is_approved_by_someone_other_than_its_author() -> None:
    item = post_in(PostStatus.CHECKED)
    with pytest.raises(TransitionRefused, match="someone other than its author"):
        item.transition_to(PostStatus.APPROVED, actor=item.author.id, now=later(20))
    assert item.status is PostStatus.CHECKED and item.approved_by is None


def test_a_blocked_post_cannot_be_approved_but_can_be_revised_and_checked_again() -> None:
    item = post()
    submit(item, verdict="block")
    with pytest.raises(TransitionRefused, match="the checker blocked this post"):
        item.transition_to(PostStatus.APPROVED, actor=HEAD, now=later(20))
    item.revise("Year 4 visited the museum.", actor=item.author.id, now=later(30))
    assert (item.status, item.verdict) == (PostStatus.DRAFT, None)
    submit(item, verdict="ok", minutes=40)
    item.transition_to(PostStatus.APPROVED, actor=HEAD, now=later(50))
    assert item.status is PostStatus.APPROVED


def test_editing_an_approved_post_returns_it_to_draft_and_cancels_the_approval() -> None:
    item = post_in(PostStatus.APPROVED)
    item.revise("Year 4 visited the museum and the park.", actor=item.author.id, now=later(100))
    assert item.status is PostStatus.DRAFT
    assert (item.approved_by, item.approved_at, item.verdict) == (None, None, None)
    assert item.text == "Year 4 visited the museum and the park."
    last = item.chronology[-1]
    assert (last.old, last.new, last.reason) == (PostStatus.APPROVED, PostStatus.DRAFT, "revised")
    with pytest.raises(TransitionRefused, match="a draft post cannot become published"):
        item.transition_to(PostStatus.PUBLISHED, actor=HEAD, now=later(110))


def test_a_draft_is_revised_without_a_step_in_its_chronology() -> None:
    item = post()
    item.revise("Year 4 visited the castle.", actor=item.author.id, now=later(5))
    assert item.text == "Year 4 visited the castle." and len(item.chronology) == 1


@pytest.mark.parametrize("status", [PostStatus.PUBLISHED, PostStatus.REMOVED])
def test_a_published_or_removed_post_cannot_be_revised(status: PostStatus) -> None:
    item = post_in(status)
    with pytest.raises(ChannelRefused, match=f"a {status} post cannot be revised"):
        item.revise("Something else.", actor=item.author.id, now=later(500))


def test_only_the_author_revises_a_post() -> None:
    with pytest.raises(ChannelRefused, match="only the author revises"):
        post().revise("Something else.", actor=HEAD, now=later(5))


@pytest.mark.clause("5.1.1")
def test_a_breach_removes_the_post_and_suspends_the_publishers_rights_with_the_reasons() -> None:
    item = post_in(PostStatus.PUBLISHED)
    event = item.transition_to(
        PostStatus.REMOVED, actor=HEAD, now=later(100), reason="  names a pupil in full  "
    )
    assert item.status is PostStatus.REMOVED and item.removal == event
    assert (event.actor, event.reason) == (HEAD, "names a pupil in full")
    suspension = item.author.suspension
    assert suspension is not None and item.author.rights_suspended
    assert (suspension.decided_by, suspension.at, suspension.reasons, suspension.post) == (
        HEAD,
        later(100),
        "names a pupil in full",
        "post-1",
    )
    assert not item.author.may_publish_on(later(100).date())


def test_a_removal_needs_its_reasons() -> None:
    item = post_in(PostStatus.PUBLISHED)
    with pytest.raises(TransitionRefused, match="needs the reasons recorded"):
        item.transition_to(PostStatus.REMOVED, actor=HEAD, now=later(100), reason=" ")
    assert item.status is PostStatus.PUBLISHED and not item.author.rights_suspended


def test_a_second_breach_leaves_the_first_suspension_standing() -> None:
    author = publisher()
    author.suspend(actor=HEAD, now=MONDAY, reasons="first breach")
    author.suspend(actor="dsl@oakfield.example", now=later(60), reasons="second breach")
    assert author.suspension is not None and author.suspension.reasons == "first breach"
    with pytest.raises(ChannelRefused, match="needs the reasons recorded"):
        publisher().suspend(actor=HEAD, now=MONDAY, reasons="")


@pytest.mark.clause("5.1.1")
def test_a_publisher_suspended_after_approval_cannot_publish() -> None:
    item = post_in(PostStatus.APPROVED)
    item.author.suspend(actor=HEAD, now=later(40), reasons="a breach on another page")
    with pytest.raises(TransitionRefused, match="Priya Nair may not publish at present"):
        item.transition_to(PostStatus.PUBLISHED, actor=HEAD, now=later(50))


def test_a_step_dated_before_the_one_it_follows_is_refused() -> None:
    item = post_in(PostStatus.CHECKED)
    with pytest.raises(TransitionRefused, match="cannot be dated before"):
        item.transition_to(PostStatus.APPROVED, actor=HEAD, now=later(5))


def test_times_without_a_time_zone_are_refused() -> None:
    with pytest.raises(ChannelRefused, match="time zone"):
        ChannelPost("post-2", channel(), publisher(), "Hello.", MONDAY.replace(tzinfo=None))
    item = post()
    with pytest.raises(ChannelRefused, match="time zone"):
        item.transition_to(
            PostStatus.CHECKED,
            actor=item.author.id,
            now=later(10).replace(tzinfo=None),
            verdict="ok",
        )
