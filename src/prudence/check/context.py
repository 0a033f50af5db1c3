"""What a detector may know about the school when it looks at a post."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Protocol

import numpy as np
import numpy.typing as npt

from prudence.check.model import ClauseModel
from prudence.school.names import NameIndex
from prudence.school.profile import School, SchoolProfile


class Encoder(Protocol):
    """Turns texts into unit vectors of meaning (the sentence encoder, loaded at the edge)."""

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


@dataclass(frozen=True)
class CheckContext:
    """The school, its people, the day and (when loaded) the classifier, for every detector."""

    profile: SchoolProfile
    today: date
    encoder: Encoder | None = None
    classifier: ClauseModel | None = None
    _embeddings: dict[str, npt.NDArray[np.float32]] = field(default_factory=dict, repr=False)

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
        missing = list(dict.fromkeys(t for t in texts if t not in self._embeddings))
        if missing:
            for text, vector in zip(missing, self.encoder.encode(missing), strict=True):
                self._embeddings[text] = vector

    def embedding(self, text: str) -> npt.NDArray[np.float32] | None:
        if self.encoder is None:
            return None
        if text not in self._embeddings:
            self.prepare([text])
        return self._embeddings[text]

    def forget(self) -> None:
        """Drops cached embeddings: posts are not kept once checked."""
        self._embeddings.clear()
