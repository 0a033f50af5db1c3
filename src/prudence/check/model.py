"""The trained clause classifier: linear models over a post's features, and how to use them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]


class Combination(StrEnum):
    """How the classifier and the precise rules share a clause, chosen on held-back folds."""

    MODEL = "model"  # only the classifier speaks to this clause
    RULES = "rules"  # only the precise rules do
    EITHER = "either"  # a finding from either stands


def _sigmoid(z: Matrix) -> Matrix:
    return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)


@dataclass(frozen=True)
class ClauseModel:
    """One logistic model per clause, a threshold for each, and a model of how severe."""

    version: str
    features: int
    clauses: tuple[str, ...]
    weights: Matrix  # (clauses, features)
    bias: Matrix  # (clauses,)
    thresholds: Matrix  # (clauses,)
    combination: tuple[Combination, ...]
    block_weights: Matrix  # (features,): is a flagged post a block rather than a review?
    block_bias: float

    def clause_probabilities(self, features: Matrix) -> Matrix:
        """(posts, clauses) probabilities that each clause is engaged."""
        return _sigmoid(features @ self.weights.T + self.bias)

    def block_probability(self, features: Matrix) -> Matrix:
        """(posts,) probability that a flagged post breaches a "must not" outright."""
        return _sigmoid(features @ self.block_weights + self.block_bias)

    def combination_for(self, clause: str) -> Combination:
        if clause in self.clauses:
            return self.combination[self.clauses.index(clause)]
        return Combination.RULES
