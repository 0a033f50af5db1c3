"""What a detector may know about the school when it looks at a post."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Protocol

import numpy as np
import numpy.typing as npt

from prudence.check.images import ImageFacts
from prudence.check.model import ClauseModel
from prudence.check.post import Span
from prudence.check.vocabulary import sentences
from prudence.school.names import NameIndex
from prudence.school.profile import School, SchoolProfile

Vector = npt.NDArray[np.float32]


class Encoded(Protocol):
    """A text's vector of meaning, and one for each part of it that was asked for."""

    @property
    def vector(self) -> Vector: ...

    @property
    def parts(self) -> Vector: ...


class ImageSource(Protocol):
    """Looks at an attached image (the image adapters, loaded at the edge)."""

    def look(self, path: str) -> ImageFacts: ...


class Encoder(Protocol):
    """Turns texts into unit vectors of meaning (the sentence encoder, loaded at the edge)."""

    def encode_parts(
        self, texts: Sequence[str], parts: Sequence[Sequence[tuple[int, int]]]
    ) -> Sequence[Encoded]: ...


@dataclass(frozen=True)
class Meaning:
    """A text's embedding and its sentences' embeddings, as the classifier reads them."""

    vector: Vector
    sentences: tuple[Span, ...]
    sentence_vectors: Vector


@dataclass(frozen=True)
class CheckContext:
    """The school, its people, the day and (when loaded) the classifier, for every detector."""

    profile: SchoolProfile
    today: date
    encoder: Encoder | None = None
    classifier: ClauseModel | None = None
    images: ImageSource | None = None
    _meanings: dict[str, Meaning] = field(default_factory=dict, repr=False)
    _seen: dict[str, ImageFacts] = field(default_factory=dict, repr=False)

    @property
    def school(self) -> School:
        return self.profile.school

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex(self.profile, self.today)

    def prepare(self, texts: Sequence[str]) -> None:
        """Embeds a batch of texts at once, which is far faster than one at a time."""
        if self.encoder is None:
            return
        missing = list(dict.fromkeys(t for t in texts if t not in self._meanings))
        if not missing:
            return
        spans = [tuple(sentences(text)) for text in missing]
        encoded = self.encoder.encode_parts(
            missing, [[(s.start, s.end) for s in parts] for parts in spans]
        )
        for text, parts, result in zip(missing, spans, encoded, strict=True):
            self._meanings[text] = Meaning(result.vector, parts, result.parts)

    def meaning(self, text: str) -> Meaning | None:
        if self.encoder is None:
            return None
        if text not in self._meanings:
            self.prepare([text])
        return self._meanings[text]

    def embedding(self, text: str) -> Vector | None:
        meaning = self.meaning(text)
        return None if meaning is None else meaning.vector

    def image(self, path: str) -> ImageFacts | None:
        """What the image at `path` shows, looked at once per check."""
        if self.images is None:
            return None
        if path not in self._seen:
            self._seen[path] = self.images.look(path)
        return self._seen[path]

    def forget(self) -> None:
        """Drops cached embeddings and images: posts are not kept once checked."""
        self._meanings.clear()
        self._seen.clear()
