"""Training the clause classifier from the labelled corpus, reproducibly.

The corpus is split by school: the schools named in `split.yaml` are held out, and training never
sees their posts, so `prudence eval` on them measures the checker on posts written for a school it
has not met. Thresholds, and whether the classifier or the precise rules speak for each clause, are
chosen on folds of the training schools alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from prudence.adapters.profile_files import load_profile
from prudence.check.batch import parse_post
from prudence.check.context import CheckContext, Encoder
from prudence.check.detectors import RULES
from prudence.check.engine import check_post
from prudence.check.features import CONTEXT_FEATURES, context_features
from prudence.check.model import ClauseModel, Combination
from prudence.check.post import Post, Verdict
from prudence.school.problems import InputError, InputProblem
from prudence.school.profile import SchoolProfile

MODEL_VERSION = "checker-1"
_THRESHOLDS = np.round(np.arange(0.20, 0.91, 0.05), 2)
_FOLDS = 5
_SEED = 20261124
_C = 4.0


@dataclass(frozen=True)
class LabelledPost:
    post: Post
    school: str
    clauses: frozenset[str]
    verdict: Verdict


def read_parts(parts: Sequence[Path]) -> list[LabelledPost]:
    """Labelled posts from corpus part files (post fields plus `school`, `clauses`, `verdict`)."""
    items: list[LabelledPost] = []
    problems: list[InputProblem] = []
    seen: set[str] = set()
    for path in parts:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                labels = {k: raw.pop(k) for k in ("school", "clauses", "verdict")}
                item = LabelledPost(
                    post=parse_post(raw),
                    school=str(labels["school"]),
                    clauses=frozenset(labels["clauses"]),
                    verdict=Verdict(labels["verdict"]),
                )
            except (ValueError, KeyError, TypeError) as error:
                problems.append(InputProblem(str(path), number, None, str(error)))
                continue
            if item.post.id in seen:
                problems.append(
                    InputProblem(str(path), number, None, f"id {item.post.id} is used twice")
                )
            seen.add(item.post.id)
            items.append(item)
    if problems:
        raise InputError(problems)
    return items


def held_out_schools(corpus: Path) -> set[str]:
    split = yaml.safe_load((corpus / "split.yaml").read_text("utf-8"))
    return set(split["held_out_schools"])


def load_schools(directory: Path, keys: Iterable[str]) -> dict[str, SchoolProfile]:
    return {key: load_profile(directory / key / "profile.yaml") for key in sorted(set(keys))}


def rule_clauses(item: LabelledPost, context: CheckContext) -> set[str]:
    report = check_post(item.post, context, RULES, {})
    return {finding.clause_id for finding in report.findings}


def featurise(
    items: Sequence[LabelledPost],
    schools: dict[str, SchoolProfile],
    encoder: Encoder,
    today: date,
) -> tuple[npt.NDArray[np.float32], list[set[str]]]:
    """Feature rows for the classifier and what the precise rules find, post by post."""
    contexts = {key: CheckContext(profile=profile, today=today) for key, profile in schools.items()}
    embeddings = encoder.encode([item.post.text for item in items])
    extra = np.vstack([context_features(i.post, contexts[i.school]) for i in items])
    rules = [rule_clauses(item, contexts[item.school]) for item in items]
    return np.hstack([embeddings, extra]).astype(np.float32), rules


def _fit(features: npt.NDArray[np.float32], targets: npt.NDArray[np.int_]) -> tuple[Any, Any]:
    from sklearn.linear_model import LogisticRegression

    if targets.min() == targets.max():
        # A clause never (or always) seen in these folds: a constant model says so.
        weights = np.zeros(features.shape[1], dtype=np.float32)
        return weights, np.float32(30.0 if targets.max() else -30.0)
    model = LogisticRegression(C=_C, class_weight="balanced", max_iter=2000)
    model.fit(features, targets)
    return model.coef_[0].astype(np.float32), np.float32(model.intercept_[0])


def _f1(predicted: npt.NDArray[np.bool_], actual: npt.NDArray[np.bool_]) -> float:
    tp = float((predicted & actual).sum())
    fp = float((predicted & ~actual).sum())
    fn = float((~predicted & actual).sum())
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def train(
    items: Sequence[LabelledPost],
    features: npt.NDArray[np.float32],
    rules: list[set[str]],
) -> tuple[ClauseModel, dict[str, Any]]:
    """The classifier, with per-clause thresholds and combinations chosen on held-back folds."""
    from sklearn.model_selection import KFold

    clauses = tuple(sorted({c for item in items for c in item.clauses}, key=_clause_key))
    targets = np.array([[c in item.clauses for c in clauses] for item in items], dtype=bool)
    out_of_fold = np.zeros(targets.shape, dtype=np.float32)
    for train_rows, test_rows in KFold(_FOLDS, shuffle=True, random_state=_SEED).split(features):
        for j in range(len(clauses)):
            weights, bias = _fit(features[train_rows], targets[train_rows, j].astype(int))
            z = features[test_rows] @ weights + bias
            out_of_fold[test_rows, j] = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    thresholds, combinations, report = [], [], {}
    for j, clause in enumerate(clauses):
        actual = targets[:, j]
        by_rules = np.array([clause in found for found in rules], dtype=bool)
        best = (_f1(by_rules, actual), Combination.RULES, 0.5) if by_rules.any() else None
        for threshold in _THRESHOLDS:
            by_model = out_of_fold[:, j] >= threshold
            for combination, predicted in (
                (Combination.EITHER, by_model | by_rules),
                (Combination.MODEL, by_model),
            ):
                if combination is Combination.EITHER and not by_rules.any():
                    continue
                score = _f1(predicted, actual)
                if best is None or score > best[0] + 1e-9:
                    best = (score, combination, float(threshold))
        assert best is not None
        thresholds.append(best[2])
        combinations.append(best[1])
        report[clause] = {
            "f1": round(best[0], 3),
            "combination": best[1].value,
            "threshold": best[2],
        }

    weights_rows, biases = [], []
    for j in range(len(clauses)):
        weights, bias = _fit(features, targets[:, j].astype(int))
        weights_rows.append(weights)
        biases.append(bias)
    flagged = np.array([item.verdict is not Verdict.OK for item in items])
    block_weights, block_bias = _fit(
        features[flagged],
        np.array([i.verdict is Verdict.BLOCK for i in items])[flagged].astype(int),
    )
    model = ClauseModel(
        version=MODEL_VERSION,
        features=features.shape[1],
        clauses=clauses,
        weights=np.vstack(weights_rows).astype(np.float32),
        bias=np.array(biases, dtype=np.float32),
        thresholds=np.array(thresholds, dtype=np.float32),
        combination=tuple(combinations),
        block_weights=block_weights,
        block_bias=float(block_bias),
    )
    return model, report


def corpus_fingerprint(parts: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(parts):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _clause_key(clause: str) -> tuple[int, ...]:
    return tuple(int(part) for part in clause.split("."))


def context_feature_names() -> tuple[str, ...]:
    return CONTEXT_FEATURES
