"""What the clause classifier sees of a post: its meaning, where it goes and whom it names."""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from prudence.check.context import CheckContext
from prudence.check.post import Audience, Channel, Post
from prudence.school.names import PersonKind

Vector = npt.NDArray[np.float32]

_RECIPIENTS = list(PersonKind)
CONTEXT_FEATURES: tuple[str, ...] = (
    *(f"channel={c.value}" for c in Channel),
    *(f"audience={a.value}" for a in Audience),
    *(f"recipient={k.value}" for k in _RECIPIENTS),
    "names a pupil in full",
    "names a former pupil who is still a child",
    "names a former pupil who is now an adult",
    "names a pupil's first name",
    "names a colleague",
    "names the school",
    "uses a confidential term",
)


def _word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def context_features(post: Post, context: CheckContext) -> Vector:
    """The part of the feature vector that the text's embedding cannot know."""
    values = [post.channel is c for c in Channel]
    values += [post.audience is a for a in Audience]
    recipient = context.names.resolve(post.recipient) if post.audience is Audience.DIRECT else None
    values += [recipient is not None and recipient.kind is k for k in _RECIPIENTS]
    text = post.text
    pupils = [p.pupil for p in context.names.pupils if p.pupil is not None]
    mentioned = {person.kind for _, _, person in context.names.full_name_mentions(text)}
    values.append(PersonKind.CURRENT_PUPIL in mentioned)
    values.append(PersonKind.FORMER_PUPIL_OF_SCHOOL_AGE in mentioned)
    values.append(PersonKind.FORMER_PUPIL_ADULT in mentioned)
    values.append(any(_word(text, p.preferred_name or p.first_name) for p in pupils))
    values.append(
        any(_word(text, c.full_name) or _word(text, c.last_name) for c in context.profile.staff)
    )
    school = context.school
    values.append(any(_word(text, name) for name in (school.name, *school.aliases) if name))
    values.append(any(_word(text, term) for term in context.profile.confidential_terms))
    return np.array(values, dtype=np.float32)


def feature_matrix(embeddings: Vector, contexts: list[Vector]) -> Vector:
    """Embeddings and context features side by side, one row per post."""
    return np.hstack([embeddings, np.vstack(contexts)]).astype(np.float32)
