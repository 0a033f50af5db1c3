"""A post to check, the findings about it and the report the checker gives back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Channel(StrEnum):
    PERSONAL = "personal"  # the colleague's own account
    SCHOOL = "school"  # a school-sponsored page, site or network


class Audience(StrEnum):
    PUBLIC = "public"
    FRIENDS = "friends"
    COLLEAGUES = "colleagues"
    PARENTS = "parents"
    PUPILS = "pupils"
    DIRECT = "direct"


class Verdict(StrEnum):
    """`ok` nothing found; `review` reconsider or ask; `block` a "must not" would be breached."""

    OK = "ok"
    REVIEW = "review"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return {"ok": 0, "review": 1, "block": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Post:
    """A post, message or comment as its author means to publish it."""

    id: str
    text: str
    channel: Channel = Channel.PERSONAL
    audience: Audience = Audience.PUBLIC
    recipient: str | None = None
    images: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Span:
    """Where in the post's text the evidence lies (Python string indices)."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class ImageRegion:
    """Where in an attached image the evidence lies: a box in the image as it is displayed.

    An image that could not be read at all has an empty box, [0, 0, 0, 0].
    """

    image: str
    box: tuple[int, int, int, int]  # x, y, width, height in pixels

    def as_dict(self) -> dict[str, Any]:
        return {"image": self.image, "box": list(self.box)}


Evidence = Span | ImageRegion


@dataclass(frozen=True, slots=True)
class Finding:
    """One detector's conclusion that the post engages a clause of the model policy."""

    clause_id: str
    severity: Verdict
    message: str
    evidence: tuple[Evidence, ...] = ()
    detector: str = ""


@dataclass(frozen=True)
class ClauseFinding:
    """Every finding on one clause merged: the most severe message and all the evidence."""

    clause_id: str
    severity: Verdict
    message: str
    evidence: tuple[Evidence, ...]
    guidance: str


@dataclass(frozen=True)
class ImageNote:
    """Something about an attached image that the checker could not look at, and why."""

    image: str
    note: str

    def as_dict(self) -> dict[str, Any]:
        return {"image": self.image, "note": self.note}


@dataclass(frozen=True)
class Report:
    post_id: str
    verdict: Verdict
    findings: tuple[ClauseFinding, ...] = field(default=())
    notes: tuple[ImageNote, ...] = field(default=())

    def as_dict(self, numbering: Mapping[str, str]) -> dict[str, Any]:
        """The report in the checker contract's shape, citing the school's own clause numbers."""
        return {
            "id": self.post_id,
            "verdict": self.verdict.value,
            "findings": [
                {
                    "clause": numbering.get(f.clause_id, f.clause_id),
                    "severity": f.severity.value,
                    "message": f.message,
                    "evidence": [item.as_dict() for item in f.evidence],
                    "guidance": f.guidance,
                }
                for f in self.findings
            ],
        } | ({"notes": [n.as_dict() for n in self.notes]} if self.notes else {})
