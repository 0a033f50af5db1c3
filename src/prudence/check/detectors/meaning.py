"""The clauses that need judgement (derogatory, discriminatory, confidential, persuasion, writing
about work…), found by the trained classifier from the post's meaning and context."""

from __future__ import annotations

import numpy as np

from prudence.check.context import CheckContext
from prudence.check.features import context_features
from prudence.check.post import Finding, Post, Verdict
from prudence.policy.catalogue import clause_messages

DETECTOR = "classifier"


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
        words = np.vstack([model.text_vector(s.text) for s in sentences])
        rows = np.hstack(
            [meaning.sentence_vectors, np.repeat(extra[None, :], len(sentences), axis=0), words]
        )
        per_sentence = model.clause_probabilities(rows.astype(np.float32))
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
