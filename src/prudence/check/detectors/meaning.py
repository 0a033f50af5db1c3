"""The clauses that need judgement (derogatory, discriminatory, confidential, persuasion, writing
about work…), found by the trained classifier from the post's meaning and context."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from prudence.check.context import CheckContext
from prudence.check.features import context_features
from prudence.check.model import ClauseModel
from prudence.check.post import Finding, Post, Span, Verdict
from prudence.policy.catalogue import clause_messages

DETECTOR = "classifier"
# Sentences scored together: each row holds every term the classifier knows, so a long post is
# read a few dozen sentences at a time rather than all at once.
_SENTENCES_AT_ONCE = 32


def detect(post: Post, context: CheckContext) -> list[Finding]:
    model = context.classifier
    meaning = context.meaning(post.text) if model is not None else None
    if model is None or meaning is None or not post.text.strip():
        return []
    extra = context_features(post, context)
    features = np.concatenate([meaning.vector, extra, model.text_vector(post.text)])[None, :]
    engaged = model.engaged(features)
    if not engaged:
        return []
    severity = Verdict.BLOCK if model.block_probability(features)[0] >= 0.5 else Verdict.REVIEW
    sentences = meaning.sentences
    evidence = dict.fromkeys(engaged, sentences[:1])
    if len(sentences) > 1:
        # Point at the sentence that most carries each clause.
        per_sentence = np.vstack(
            [
                _sentence_probabilities(model, meaning.sentence_vectors, extra, sentences, start)
                for start in range(0, len(sentences), _SENTENCES_AT_ONCE)
            ]
        )
        evidence = {index: (sentences[int(per_sentence[:, index].argmax())],) for index in engaged}
    messages = clause_messages()
    return [
        Finding(
            model.clauses[index],
            severity,
            messages.get(model.clauses[index], "The classifier finds this clause engaged."),
            tuple(evidence[index]),
            detector=DETECTOR,
        )
        for index in engaged
    ]


def _sentence_probabilities(
    model: ClauseModel,
    vectors: npt.NDArray[np.float32],
    extra: npt.NDArray[np.float32],
    sentences: Sequence[Span],
    start: int,
) -> npt.NDArray[np.float32]:
    """Clause probabilities for the sentences from `start`, as many as are read at once."""
    chosen = sentences[start : start + _SENTENCES_AT_ONCE]
    words = np.vstack([model.text_vector(s.text) for s in chosen])
    context = np.repeat(extra[None, :], len(chosen), axis=0)
    rows = np.hstack([vectors[start : start + len(chosen)], context, words])
    return model.clause_probabilities(rows.astype(np.float32))
