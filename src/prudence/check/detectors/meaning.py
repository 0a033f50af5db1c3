"""The clauses that need judgement (derogatory, discriminatory, confidential, persuasion, writing
about work…), found by the trained classifier from the post's meaning and context."""

from __future__ import annotations

import re

import numpy as np

from prudence.check.context import CheckContext
from prudence.check.features import context_features
from prudence.check.model import Combination
from prudence.check.post import Finding, Post, Span, Verdict
from prudence.policy.catalogue import clause_messages

DETECTOR = "classifier"
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def _sentences(text: str) -> list[Span]:
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start, end, text[start:end]))
    return spans


def detect(post: Post, context: CheckContext) -> list[Finding]:
    model = context.classifier
    embedding = context.embedding(post.text) if model is not None else None
    if model is None or embedding is None or not post.text.strip():
        return []
    extra = context_features(post, context)
    features = np.concatenate([embedding, extra, model.text_vector(post.text)])[None, :]
    if model.breach_probability(features)[0] < model.gate_threshold:
        return []
    probabilities = model.clause_probabilities(features)[0]
    engaged = [
        index
        for index, clause in enumerate(model.clauses)
        if probabilities[index] >= model.thresholds[index]
        and model.combination[index] is not Combination.RULES
    ]
    if not engaged:
        return []
    severity = Verdict.BLOCK if model.block_probability(features)[0] >= 0.5 else Verdict.REVIEW
    sentences = _sentences(post.text)
    evidence = dict.fromkeys(engaged, sentences[:1])
    if len(sentences) > 1 and context.encoder is not None:
        # Point at the sentence that most carries each clause.
        vectors = context.encoder.encode([s.text for s in sentences])
        words = np.vstack([model.text_vector(s.text) for s in sentences])
        rows = np.hstack([vectors, np.repeat(extra[None, :], len(sentences), axis=0), words])
        per_sentence = model.clause_probabilities(rows.astype(np.float32))
        evidence = {index: [sentences[int(per_sentence[:, index].argmax())]] for index in engaged}
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
