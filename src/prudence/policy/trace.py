"""The traceability matrix: which feature carries each clause, and which tests prove it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from prudence.policy.clause import Clause, FeatureStatus, Policy


@dataclass(frozen=True, slots=True)
class TraceRow:
    clause: Clause
    feature_name: str | None
    feature_status: FeatureStatus | None
    tests: tuple[str, ...]

    @property
    def carried(self) -> bool:
        """Carried means a built feature serves the clause and a test shows it working."""
        return self.feature_status is FeatureStatus.BUILT and bool(self.tests)

    @property
    def state(self) -> str:
        if self.carried:
            return "carried"
        if self.feature_status is FeatureStatus.BUILT:
            return "built, untested"
        if self.feature_status is FeatureStatus.PLANNED:
            return "planned"
        return "not yet"

    def as_dict(self) -> dict[str, object]:
        return {
            "clause": self.clause.number,
            "id": self.clause.id,
            "heading": self.clause.heading,
            "feature": self.clause.feature,
            "feature_name": self.feature_name,
            "state": self.state,
            "tests": list(self.tests),
        }


@dataclass(frozen=True, slots=True)
class Trace:
    rows: tuple[TraceRow, ...]

    @property
    def carried(self) -> int:
        return sum(row.carried for row in self.rows)

    @property
    def share(self) -> float:
        return self.carried / len(self.rows) if self.rows else 0.0


def build_trace(policy: Policy, tests_by_clause: Mapping[str, Sequence[str]]) -> Trace:
    """Joins the policy's clauses, their features and the tests marked with each clause id."""
    rows = []
    for clause in policy:
        feature = policy.features.get(clause.feature) if clause.feature else None
        rows.append(
            TraceRow(
                clause=clause,
                feature_name=feature.name if feature else None,
                feature_status=feature.status if feature else None,
                tests=tuple(sorted(tests_by_clause.get(clause.id, ()))),
            )
        )
    return Trace(rows=tuple(rows))
