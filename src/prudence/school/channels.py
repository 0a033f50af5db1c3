"""The school's own channels, the colleagues who may publish on them, and each post's way there.

Section 5 of the policy governs the sites, pages and networks the school sponsors. They sit behind
a password and are run from the school website, unless a specific site has been licensed under
written guidelines (5.1.3, 5.1.4). Only a colleague who has signed the undertaking may publish,
and a breach takes the content down and may suspend their publishing rights (5.1.1). A post is
drafted, checked, approved by someone other than its author, and then published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from prudence.check.post import Verdict


class ChannelRefused(ValueError):
    """Something the rules for school channels do not allow; the message says why."""


class TransitionRefused(ChannelRefused):
    """A post cannot move to the status asked for; the message says why."""


@dataclass(frozen=True, slots=True)
class ChannelProblem:
    """One way a channel falls short of the policy, with the clause it falls short of."""

    clause: str
    message: str


@dataclass(frozen=True, slots=True)
class SchoolChannel:
    """A site, page or network run on the school's behalf, as the register records it."""

    platform: str
    address: str
    password_protected: bool
    run_from_school_website: bool
    licence_and_guidelines: str | None = None  # where the site's licence and guidelines are kept

    def problems(self) -> tuple[ChannelProblem, ...]:
        """How the channel falls short of 5.1.3 and 5.1.4; empty when it may be used."""
        found: list[ChannelProblem] = []
        if not self.password_protected:
            found.append(ChannelProblem("5.1.3", "it is not password protected"))
        # A site run elsewhere is allowed only once it has been licensed, with guidelines for its
        # use, the route 5.1.4 sets out for specific sites.
        if not self.run_from_school_website and not (self.licence_and_guidelines or "").strip():
            found.append(
                ChannelProblem(
                    "5.1.4",
                    "it is not run from the school website and has no licence and guidelines",
                )
            )
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Suspension:
    """A decision to suspend a colleague's publishing rights, with who took it and why."""

    decided_by: str
    at: datetime
    reasons: str
    post: str | None  # the post whose removal led to it, if one did


@dataclass(slots=True)
class Publisher:
    """A colleague with publishing rights on the school's channels."""

    id: str
    name: str
    undertaking_signed_on: date | None
    suspension: Suspension | None = None

    @property
    def rights_suspended(self) -> bool:
        return self.suspension is not None

    def may_publish_on(self, day: date) -> bool:
        """True when the undertaking was signed by that day and the rights are not suspended."""
        signed = self.undertaking_signed_on is not None and self.undertaking_signed_on <= day
        return signed and not self.rights_suspended

    def suspend(self, *, actor: str, now: datetime, reasons: str, post: str | None = None) -> None:
        """Suspends the colleague's publishing rights; a suspension already in force stands."""
        _require_aware(now)
        if not reasons.strip():
            raise ChannelRefused("suspending publishing rights needs the reasons recorded")
        if self.suspension is None:
            self.suspension = Suspension(decided_by=actor, at=now, reasons=reasons, post=post)


class PostStatus(StrEnum):
    DRAFT = "draft"
    CHECKED = "checked"  # the checker has given its verdict
    APPROVED = "approved"  # someone other than the author has approved it
    PUBLISHED = "published"
    REMOVED = "removed"  # taken down after a breach; final


TRANSITIONS: dict[PostStatus, frozenset[PostStatus]] = {
    PostStatus.DRAFT: frozenset({PostStatus.CHECKED}),
    # Back to draft: the author revises it after the check, or after approval, which lapses.
    PostStatus.CHECKED: frozenset({PostStatus.APPROVED, PostStatus.DRAFT}),
    PostStatus.APPROVED: frozenset({PostStatus.PUBLISHED, PostStatus.DRAFT}),
    PostStatus.PUBLISHED: frozenset({PostStatus.REMOVED}),
    PostStatus.REMOVED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class PostEvent:
    """One step in a post's chronology."""

    at: datetime
    actor: str
    old: PostStatus | None  # None for the post's creation
    new: PostStatus
    reason: str = ""
    verdict: Verdict | None = None


@dataclass(slots=True)
class ChannelPost:
    """A post for a school channel, on its way from draft to publication."""

    id: str
    channel: SchoolChannel
    author: Publisher
    text: str
    created_at: datetime
    status: PostStatus = field(default=PostStatus.DRAFT, init=False)
    verdict: Verdict | None = field(default=None, init=False)
    approved_by: str | None = field(default=None, init=False)
    approved_at: datetime | None = field(default=None, init=False)
    removal: PostEvent | None = field(default=None, init=False)
    _chronology: list[PostEvent] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        _require_aware(self.created_at)
        self._chronology.append(
            PostEvent(at=self.created_at, actor=self.author.id, old=None, new=PostStatus.DRAFT)
        )

    @property
    def chronology(self) -> tuple[PostEvent, ...]:
        return tuple(self._chronology)

    def transition_to(
        self,
        new: PostStatus,
        *,
        actor: str,
        now: datetime,
        reason: str = "",
        verdict: str | None = None,
    ) -> PostEvent:
        """Moves the post to a new status if the table and the policy allow it, and records it."""
        _require_aware(now)
        if now < self._chronology[-1].at:
            raise TransitionRefused("a step cannot be dated before the one it follows")
        if new not in TRANSITIONS[self.status]:
            raise TransitionRefused(f"a {self.status} post cannot become {new}")
        checked: Verdict | None = None
        if new is PostStatus.CHECKED:
            checked = self._refuse_submission(actor=actor, now=now, verdict=verdict)
        elif verdict is not None:
            raise TransitionRefused("only the check records the checker's verdict")
        elif new is PostStatus.APPROVED:
            self._refuse_approval(actor=actor)
        elif new is PostStatus.PUBLISHED:
            # Rights can be suspended between approval and publication.
            if not self.author.may_publish_on(now.date()):
                raise TransitionRefused(f"{self.author.name} may not publish at present")
        elif new is PostStatus.REMOVED and not reason.strip():
            raise TransitionRefused("removing a published post needs the reasons recorded")

        event = PostEvent(
            at=now, actor=actor, old=self.status, new=new, reason=reason.strip(), verdict=checked
        )
        self._chronology.append(event)
        self.status = new
        if new is PostStatus.CHECKED:
            self.verdict = checked
        elif new is PostStatus.APPROVED:
            self.approved_by, self.approved_at = actor, now
        elif new is PostStatus.DRAFT:
            # A changed post has not been checked or approved in its new form.
            self.verdict = None
            self.approved_by = self.approved_at = None
        elif new is PostStatus.REMOVED:
            self.removal = event
            self.author.suspend(actor=actor, now=now, reasons=reason.strip(), post=self.id)
        return event

    def revise(self, text: str, *, actor: str, now: datetime) -> None:
        """Changes the wording; a checked or approved post goes back to draft first."""
        if actor != self.author.id:
            raise ChannelRefused("only the author revises a post")
        if self.status in (PostStatus.CHECKED, PostStatus.APPROVED):
            self.transition_to(PostStatus.DRAFT, actor=actor, now=now, reason="revised")
        elif self.status is not PostStatus.DRAFT:
            raise ChannelRefused(f"a {self.status} post cannot be revised")
        self.text = text

    def _refuse_submission(self, *, actor: str, now: datetime, verdict: str | None) -> Verdict:
        if actor != self.author.id:
            raise TransitionRefused("only the author submits a post")
        signed = self.author.undertaking_signed_on
        if signed is None or signed > now.date():
            raise TransitionRefused(f"{self.author.name} has not signed the undertaking")
        if self.author.rights_suspended:
            raise TransitionRefused(f"{self.author.name}'s publishing rights are suspended")
        if problems := self.channel.problems():
            shortfalls = "; ".join(f"{p.message} ({p.clause})" for p in problems)
            raise TransitionRefused(f"{self.channel.address} cannot be used: {shortfalls}")
        if verdict is None:
            raise TransitionRefused("a check needs the checker's verdict")
        try:
            return Verdict(verdict)
        except ValueError:
            raise TransitionRefused(f"{verdict!r} is not a verdict the checker gives") from None

    def _refuse_approval(self, *, actor: str) -> None:
        if actor == self.author.id:
            raise TransitionRefused("a post is approved by someone other than its author")
        if self.verdict is Verdict.BLOCK:
            raise TransitionRefused("the checker blocked this post; revise it and check it again")


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ChannelRefused("times must carry their time zone")
