"""The trained clause classifier: linear models over a post's features, and how to use them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


class Combination(StrEnum):
    """How the classifier and the precise rules share a clause, chosen on held-back folds."""

    MODEL = "model"  # only the classifier speaks to this clause
    RULES = "rules"  # only the precise rules do
    EITHER = "either"  # a finding from either stands


def _sigmoid(z: Matrix) -> Matrix:
    return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)


def _linear(features: Matrix, weights: Matrix) -> Matrix:
    """features @ weights.T, reading only the weights of features in use: a post holds a few
    hundred of the vocabulary's tens of thousands of terms, and reading every weight for the
    zeros is most of the work."""
    used = np.flatnonzero(features.any(axis=0))
    result: Matrix = features[:, used] @ np.take(weights, used, axis=-1).T
    return result


def citations(
    breach: npt.NDArray[np.floating],
    probabilities: npt.NDArray[np.floating],
    thresholds: npt.NDArray[np.floating],
    own: npt.NDArray[np.bool_],
    gate: float,
    fallback: float,
) -> npt.NDArray[np.bool_]:
    """(posts, clauses): the clauses the classifier cites, given each post's breach probability
    (posts,), its clause probabilities and the clauses that are the classifier's to cite (`own`).
    A clause is cited where the gate passes the post and the clause reaches its own threshold.
    Where no clause is cited but the gate and the likeliest clause together are sure that
    something is wrong (the mean of their probabilities at least `fallback`), the likeliest
    clause is: two weaker signals that agree outweigh a single strong one that misses."""
    passed = breach >= gate
    cited = (probabilities >= thresholds) & own & passed[:, None]
    if own.any():
        owned = np.where(own, probabilities, 0.0)
        likeliest = owned.argmax(axis=1)
        together = (breach + owned.max(axis=1)) / 2
        silent = ~cited.any(axis=1) & (together >= fallback)
        cited[silent, likeliest[silent]] = True
    return cited


_VOTING_ROWS = 256
# The neighbours vote only where the nearest training post is at least this alike. A post nothing
# in training is near to ("Look", a line of another language) would otherwise take the vote of
# posts it barely resembles. On the folds about 2% of posts have no training post this near,
# and leaving them to the linear models changes no figure.
NEAR_ENOUGH = 0.4


class Vote(NamedTuple):
    """What the nearest training posts say of each row."""

    breach: Matrix  # (rows,): their likeness-weighted share that breach anything
    clauses: Matrix  # (rows, clauses): their share that engage each clause
    near: npt.NDArray[np.bool_]  # (rows,): is any near enough to vote? Where none is, they abstain

    def shared(self, probability: Matrix, voted: Matrix, share: float) -> Matrix:
        """`probability` with `share` of it given to the `voted` one, where the vote stands."""
        near = self.near.reshape(-1, *([1] * (probability.ndim - 1)))
        result: Matrix = np.where(near, (1 - share) * probability + share * voted, probability)
        return result.astype(np.float32)


@dataclass(frozen=True)
class Neighbours:
    """The training posts' meaning vectors and how each was labelled: a second reading of a post
    beside the linear models', from what was said of the training posts nearest it in meaning.
    Where the linear models draw one straight line through the space of meanings, the
    neighbours follow its folds: a veiled remark about a colleague sits among other veiled
    remarks, whatever its words. Meanings are compared in their principal directions, fewer
    than the encoder's, which keeps nearly all of the likeness at a fraction of the cost."""

    vectors: Matrix  # (posts, directions): each training post's meaning, reduced, unit length
    breaches: npt.NDArray[np.bool_]  # (posts,): does the training post breach anything?
    clauses: npt.NDArray[np.bool_]  # (posts, clauses): the clauses it engages
    share: float  # the neighbours' weight in each probability; the linear model has the rest
    centre: Matrix  # (dimensions,): the training meanings' mean
    directions: Matrix  # (dimensions, directions): their principal directions
    count: int = 10  # how many of the nearest vote
    # How sharply the nearest outweigh the rest: a neighbour 0.05 less alike counts 1/e as much.
    temperature: float = 0.05

    @property
    def dimensions(self) -> int:
        """The length of the meaning vectors the neighbours compare."""
        return int(self.directions.shape[0])

    def reduce(self, meaning: Matrix) -> Matrix:
        """Meaning vectors (rows, dimensions) in the principal directions, unit length."""
        return principal(meaning, self.centre, self.directions)

    def vote(self, meaning: Matrix) -> Vote:
        """For each row of meaning vectors, the likeness-weighted share of its nearest training
        posts that breach anything, and that engage each clause."""
        breach = np.zeros(len(meaning), np.float32)
        clauses = np.zeros((len(meaning), self.clauses.shape[1]), np.float32)
        near = np.zeros(len(meaning), dtype=bool)
        # A few hundred rows at a time: a long post's hundreds of sentences, or a fold of training
        # posts, never hold more than one block of likenesses in memory.
        for start in range(0, len(meaning), _VOTING_ROWS):
            rows = slice(start, start + _VOTING_ROWS)
            likeness = self.reduce(meaning[rows]) @ self.vectors.T
            breach[rows], clauses[rows] = neighbour_vote(
                likeness, self.breaches, self.clauses, self.count, self.temperature
            )
            near[rows] = likeness.max(axis=1, initial=-1.0) >= NEAR_ENOUGH
        return Vote(breach, clauses, near)


def principal(meaning: Matrix, centre: Matrix, directions: Matrix) -> Matrix:
    """Meaning vectors (rows, dimensions) about `centre` in `directions`, scaled to unit length."""
    reduced = (meaning - centre) @ directions
    norms = np.linalg.norm(reduced, axis=1, keepdims=True)
    result: Matrix = (reduced / np.maximum(norms, 1e-12)).astype(np.float32)
    return result


def neighbour_vote(
    likeness: npt.NDArray[np.floating],
    breaches: npt.NDArray[np.bool_],
    clauses: npt.NDArray[np.bool_],
    count: int,
    temperature: float,
) -> tuple[Matrix, Matrix]:
    """The vote of the `count` nearest, given each row's likeness (rows, posts) to the posts
    whose labels are `breaches` (posts,) and `clauses` (posts, clauses)."""
    rows = likeness.shape[0]
    if rows == 0 or likeness.shape[1] == 0:
        return np.zeros(rows, np.float32), np.zeros((rows, clauses.shape[1]), np.float32)
    count = min(count, likeness.shape[1])
    nearest = np.argpartition(-likeness, count - 1, axis=1)[:, :count]
    alike = np.take_along_axis(likeness, nearest, axis=1)
    weights = np.exp((alike - alike.max(axis=1, keepdims=True)) / temperature)
    weights /= weights.sum(axis=1, keepdims=True)
    breach = (weights * breaches[nearest]).sum(axis=1)
    engaged = np.einsum("rk,rkc->rc", weights, clauses[nearest].astype(np.float32))
    return breach.astype(np.float32), engaged.astype(np.float32)


CHARACTER_GRAMS = (3, 5)  # the lengths of the letter sequences the character vocabulary counts


def word_grams(text: str) -> list[str]:
    """The text's words of two or more letters, lower-cased, and each adjacent pair."""
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def character_grams(text: str) -> list[str]:
    """Runs of three to five characters within each word, the word padded with a space at each
    end: "pics" gives " pi", "pic", "ics", "cs ", " pic"… They match a word through its
    misspellings, slang and inflections ("stoopid", "pingers", "safeguardin")."""
    low, high = CHARACTER_GRAMS
    grams = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:
                grams.append(padded)  # a short word counts once, whole
                break
            grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


class Analyzer(StrEnum):
    """What a vocabulary counts in a text."""

    WORDS = "words"  # words and adjacent word pairs
    CHARACTERS = "characters"  # runs of letters within words

    def grams(self, text: str) -> list[str]:
        return word_grams(text) if self is Analyzer.WORDS else character_grams(text)


@dataclass(frozen=True)
class Vocabulary:
    """Terms the classifier learned, weighted by how rare they are (TF-IDF): words and word pairs,
    or runs of characters."""

    terms: tuple[str, ...]
    idf: Matrix
    analyzer: Analyzer = Analyzer.WORDS

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {term: i for i, term in enumerate(self.terms)})

    def __len__(self) -> int:
        return len(self.terms)

    def weighted_terms(self, text: str) -> tuple[npt.NDArray[np.int64], Matrix]:
        """The known terms' indices in the text, ascending, and their sublinear TF-IDF weights,
        scaled to unit length: the nonzero part of `vector`."""
        grams = Counter(self.analyzer.grams(text))
        index: dict[str, int] = self._index  # type: ignore[attr-defined]
        known = [(i, count) for gram, count in grams.items() if (i := index.get(gram)) is not None]
        indices = np.fromiter((i for i, _ in known), dtype=np.int64, count=len(known))
        counts = np.fromiter((c for _, c in known), dtype=np.float32, count=len(known))
        order = np.argsort(indices)
        indices = indices[order]
        weights = ((1.0 + np.log(counts[order])) * self.idf[indices]).astype(np.float32)
        norm = float(np.linalg.norm(weights))
        return indices, (weights / norm if norm else weights)

    def vector(self, text: str) -> Matrix:
        """Sublinear TF-IDF of the text's terms, scaled to unit length."""
        out = np.zeros(len(self.terms), dtype=np.float32)
        indices, weights = self.weighted_terms(text)
        out[indices] = weights
        return out


@dataclass(frozen=True)
class ClauseModel:
    """A gate (is anything wrong?), one logistic model per clause, and one for severity."""

    version: str
    features: int
    clauses: tuple[str, ...]
    weights: Matrix  # (clauses, features)
    bias: Matrix  # (clauses,)
    thresholds: Matrix  # (clauses,)
    combination: tuple[Combination, ...]
    block_weights: Matrix  # (features,): is a flagged post a block rather than a review?
    block_bias: float
    vocabulary: Vocabulary | None = None
    characters: Vocabulary | None = None  # runs of characters, beside the words
    gate_weights: Matrix | None = None  # (features,): does the post breach anything at all?
    gate_bias: float = 0.0
    gate_threshold: float = 0.0
    # When no clause is cited but the gate and the likeliest clause together are at least this
    # sure that something is wrong, the likeliest clause is cited rather than nothing; above 1,
    # never.
    fallback_threshold: float = 2.0
    # The training posts nearest in meaning, whose labels share each probability with the linear
    # models; the first columns of the features are the meaning vector they are compared with.
    neighbours: Neighbours | None = None

    def probabilities(self, features: Matrix) -> tuple[Matrix, Matrix]:
        """(posts,) probability that the post breaches any clause (1 where there is no gate),
        and (posts, clauses) probabilities that each clause is engaged."""
        clauses = _sigmoid(_linear(features, self.weights) + self.bias)
        if self.gate_weights is None:
            breach = np.ones(features.shape[0], dtype=np.float32)
        else:
            breach = _sigmoid(_linear(features, self.gate_weights) + self.gate_bias)
        if self.neighbours is not None:
            share = self.neighbours.share
            vote = self.neighbours.vote(features[:, : self.neighbours.dimensions])
            clauses = vote.shared(clauses, vote.clauses, share)
            if self.gate_weights is not None:
                breach = vote.shared(breach, vote.breach, share)
        return breach, clauses

    def clause_probabilities(self, features: Matrix) -> Matrix:
        """(posts, clauses) probabilities that each clause is engaged."""
        return self.probabilities(features)[1]

    def block_probability(self, features: Matrix) -> Matrix:
        """(posts,) probability that a flagged post breaches a "must not" outright."""
        return _sigmoid(_linear(features, self.block_weights) + self.block_bias)

    def engaged(self, features: Matrix) -> list[int]:
        """Indices of the clauses the classifier cites for one post's features (1, features)."""
        breach, clauses = self.probabilities(features)
        cited = citations(
            breach,
            clauses,
            self.thresholds,
            np.array([c is not Combination.RULES for c in self.combination]),
            self.gate_threshold,
            self.fallback_threshold,
        )
        return [int(i) for i in np.flatnonzero(cited[0])]

    def combination_for(self, clause: str) -> Combination:
        if clause in self.clauses:
            return self.combination[self.clauses.index(clause)]
        return Combination.RULES

    def text_vector(self, text: str) -> Matrix:
        """The text's word features, then its character features, as far as the model has them."""
        parts = [v.vector(text) for v in (self.vocabulary, self.characters) if v is not None]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
