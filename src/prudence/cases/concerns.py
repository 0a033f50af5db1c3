"""Concerns: what a colleague, parent or third party reports under the policy, and about whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from prudence.cases.clock import require_aware
from prudence.school.people import Role


class ConcernKind(StrEnum):
    """What a concern is about, each resting on the clause that asks for it to be reported."""

    PUPIL_CONTACT = "a pupil's friend request or message"
    PUPIL_SEEKING_INVOLVEMENT = "a pupil trying to involve a colleague in online activity"
    COLLEAGUE_TARGETED_ONLINE = (
        "online bullying, harassment or false allegations against a colleague"
    )
    POLICY_NOT_FOLLOWED = "a colleague not following the policy"
    MEDIA_CONTACT_OR_PAYMENT = "media contact or an offer of payment for content"
    PUPIL_BEHAVIOUR_ONLINE = "inappropriate behaviour by pupils online"
    PUPIL_SAFETY_SEEN_ONLINE = "something seen online about a pupil's safety"

    @property
    def clauses(self) -> tuple[str, ...]:
        """The clauses the kind rests on, the one a colleague's report answers to first."""
        return _CLAUSES[self]

    @property
    def label(self) -> str:
        return self.value[0].upper() + self.value[1:]


_CLAUSES: dict[ConcernKind, tuple[str, ...]] = {
    ConcernKind.PUPIL_CONTACT: ("4.1.4",),
    ConcernKind.PUPIL_SEEKING_INVOLVEMENT: ("3.3",),
    ConcernKind.COLLEAGUE_TARGETED_ONLINE: ("2.5",),
    # Colleagues are asked to report a colleague by 3.3, parents and third parties by 3.4.
    ConcernKind.POLICY_NOT_FOLLOWED: ("3.3", "3.4"),
    ConcernKind.MEDIA_CONTACT_OR_PAYMENT: ("4.1.12",),
    ConcernKind.PUPIL_BEHAVIOUR_ONLINE: ("5.1.5",),
    ConcernKind.PUPIL_SAFETY_SEEN_ONLINE: ("4.1.15",),
}


class SafetyTopic(StrEnum):
    """The duties 4.1.15 names for what a colleague comes across online about a pupil."""

    CHILD_SEXUAL_EXPLOITATION = "child sexual exploitation"
    RADICALISATION = "radicalisation (Prevent)"
    MISSING_FROM_EDUCATION = "a child missing from education"
    FGM = "female genital mutilation"
    OTHER = "another risk to a pupil's safety"


class SubjectKind(StrEnum):
    """Who a concern is about, which decides the routes open to it."""

    COLLEAGUE = "colleague"  # anyone engaged by the school, paid or not (2.1)
    PUPIL = "pupil"
    OTHER = "someone else"


@dataclass(frozen=True, slots=True)
class Subject:
    """The person a concern is about, with the roles they hold if they are a colleague."""

    kind: SubjectKind
    person_id: str
    roles: frozenset[Role] = frozenset()

    def __post_init__(self) -> None:
        if not self.person_id.strip():
            raise ValueError("a subject needs the id of the person the concern is about")
        if self.roles and self.kind is not SubjectKind.COLLEAGUE:
            raise ValueError(f"only a colleague holds roles at the school, not a {self.kind}")

    @property
    def is_headteacher(self) -> bool:
        return Role.HEADTEACHER in self.roles


@dataclass(frozen=True, slots=True)
class ExternalReporter:
    """A parent or other third party who reported a concern without an account (3.4)."""

    name: str
    relationship: str  # "parent of a pupil in Year 6", "member of the public"
    # Handed to them when they report, so they can ask how it is going and be recognised.
    follow_up_reference: str

    def __post_init__(self) -> None:
        if not self.follow_up_reference.strip():
            raise ValueError("an external reporter needs a follow-up reference to be answered by")


@dataclass(frozen=True, slots=True, kw_only=True)
class Concern:
    """One report of something the policy asks to be reported, as it was received."""

    id: str
    school: str
    kind: ConcernKind
    description: str
    subject: Subject
    received_at: datetime
    reported_by: str | None = None  # the reporting colleague's id
    external_reporter: ExternalReporter | None = None
    topics: frozenset[SafetyTopic] = frozenset()  # only for something seen about a pupil's safety

    def __post_init__(self) -> None:
        require_aware(self.received_at, "received_at")
        if (self.reported_by is None) == (self.external_reporter is None):
            raise ValueError("a concern is reported by a colleague or by an external reporter")
        if not self.description.strip():
            raise ValueError("a concern needs a description of what happened")
        if self.kind is ConcernKind.PUPIL_SAFETY_SEEN_ONLINE and not self.topics:
            raise ValueError("say which risk to the pupil's safety was seen (4.1.15)")
        if self.topics and self.kind is not ConcernKind.PUPIL_SAFETY_SEEN_ONLINE:
            raise ValueError(
                f"safety topics belong to concerns about a pupil's safety, not {self.kind}"
            )

    @property
    def clause(self) -> str:
        """The clause this report answers to, given who made it."""
        first, *others = self.kind.clauses
        if self.external_reporter is not None and others:
            return others[0]
        return first
