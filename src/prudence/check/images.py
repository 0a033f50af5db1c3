"""What Prudence saw in an attached image: faces, text, codes, the school's logo, metadata.

The adapters look at the pixels; the detectors decide what it means for the policy from these
facts alone, so the rules are tested without a single image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Box = tuple[int, int, int, int]  # x, y, width, height in pixels of the image as displayed


@dataclass(frozen=True)
class Word:
    """A word or code read from the image: where it sits in `ImageFacts.text`, and in the image."""

    start: int
    end: int
    box: Box


@dataclass(frozen=True)
class ImageFacts:
    """Everything the checker learned from one image."""

    path: str
    width: int = 0
    height: int = 0
    faces: tuple[Box, ...] = ()
    text: str = ""  # the text read from the image, then what its QR codes hold, line by line
    words: tuple[Word, ...] = ()
    codes: tuple[str, ...] = ()
    logo: Box | None = None
    location: tuple[float, float] | None = None  # latitude, longitude from the metadata
    device: tuple[str, ...] = ()  # camera make and model, serial number, owner's name…
    problem: str | None = None  # why the image could not be read at all
    unread: tuple[str, ...] = field(default=())  # what could not be looked at, and why

    @property
    def whole(self) -> Box:
        return (0, 0, self.width, self.height)

    def boxes(self, start: int, end: int) -> tuple[Box, ...]:
        """The boxes of the words that overlap text[start:end]."""
        return tuple(w.box for w in self.words if w.start < end and start < w.end)
