"""Measures the checker against labelled posts: per clause, benign posts flagged, verdicts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from prudence.check.post import Verdict
from prudence.policy.clause import clause_order


@dataclass
class ClauseScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "support": self.true_positives + self.false_negatives,
        }


@dataclass
class Evaluation:
    """How the checker's reports compare with what a careful DSL labelled."""

    clauses: dict[str, ClauseScore] = field(default_factory=dict)
    micro: ClauseScore = field(default_factory=ClauseScore)
    posts: int = 0
    benign: int = 0
    benign_flagged: int = 0
    breaches: int = 0
    breaches_flagged: int = 0
    verdicts_right: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def benign_flagged_share(self) -> float:
        return self.benign_flagged / self.benign if self.benign else 0.0

    @property
    def breach_recall(self) -> float:
        return self.breaches_flagged / self.breaches if self.breaches else 0.0

    @property
    def verdict_accuracy(self) -> float:
        return self.verdicts_right / self.posts if self.posts else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "posts": self.posts,
            "clauses": {
                c: s.as_dict()
                for c, s in sorted(self.clauses.items(), key=lambda item: clause_order(item[0]))
            },
            "micro": self.micro.as_dict(),
            "breaches_flagged": round(self.breach_recall, 3),
            "benign_flagged": round(self.benign_flagged_share, 3),
            "verdict_accuracy": round(self.verdict_accuracy, 3),
            "unlabelled_or_unchecked": self.missing,
        }


def evaluate(
    reports: dict[str, tuple[Verdict, set[str]]],
    labels: Sequence[tuple[str, Verdict, set[str]]],
) -> Evaluation:
    """Compares each labelled post's report (verdict, clauses cited) with its label."""
    result = Evaluation()
    for post_id, verdict, clauses in labels:
        if post_id not in reports:
            result.missing.append(post_id)
            continue
        found_verdict, found = reports[post_id]
        result.posts += 1
        result.verdicts_right += found_verdict is verdict
        if verdict is Verdict.OK:
            result.benign += 1
            result.benign_flagged += found_verdict is not Verdict.OK
        else:
            result.breaches += 1
            result.breaches_flagged += found_verdict is not Verdict.OK
        for clause in clauses | found:
            score = result.clauses.setdefault(clause, ClauseScore())
            if clause in clauses and clause in found:
                score.true_positives += 1
                result.micro.true_positives += 1
            elif clause in found:
                score.false_positives += 1
                result.micro.false_positives += 1
            else:
                score.false_negatives += 1
                result.micro.false_negatives += 1
    return result
