"""How the checker is scored against labels: per clause, benign flagged, breaches caught."""

from __future__ import annotations

import pytest

from prudence.check.post import Verdict
from prudence.services.evaluation import evaluate

OK, REVIEW, BLOCK = Verdict.OK, Verdict.REVIEW, Verdict.BLOCK


def test_scores_count_every_clause_found_missed_and_invented() -> None:
    labels = [
        ("a", BLOCK, {"4.1.7", "4.1.9"}),
        ("b", OK, set()),
        ("c", BLOCK, {"4.1.8"}),
        ("d", OK, set()),
    ]
    reports = {
        "a": (BLOCK, {"4.1.9"}),  # one clause right, one missed
        "b": (REVIEW, {"4.1.7"}),  # a false alarm on a benign post
        "c": (BLOCK, {"4.1.8"}),
        "d": (OK, set()),
    }
    result = evaluate(reports, labels)
    assert result.clauses["4.1.9"].f1 == 1.0
    assert result.clauses["4.1.7"].precision == 0.0 and result.clauses["4.1.7"].recall == 0.0
    assert (
        result.micro.true_positives,
        result.micro.false_positives,
        result.micro.false_negatives,
    ) == (
        2,
        1,
        1,
    )
    assert result.micro.f1 == pytest.approx(2 / 3)
    assert result.benign_flagged_share == 0.5
    assert result.breach_recall == 1.0
    assert result.verdict_accuracy == 0.75


def test_a_labelled_post_the_checker_never_reported_is_listed_not_scored() -> None:
    result = evaluate({}, [("x", OK, set())])
    assert result.missing == ["x"] and result.posts == 0
    assert result.as_dict()["verdict_accuracy"] == 0.0
