"""The traceability matrix: clause -> feature -> tests, and how much of the policy is carried."""

from __future__ import annotations

from pathlib import Path

from prudence.adapters.clause_marks import marked_tests
from prudence.policy.catalogue import model_policy
from prudence.policy.clause import FeatureStatus
from prudence.policy.trace import build_trace


def test_marked_tests_are_found_by_reading_the_files(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_photos.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.clause('4.1.8')\n"
        "def test_photos_of_pupils_are_blocked():\n    pass\n\n"
        "def test_unmarked():\n    pass\n",
        "utf-8",
    )
    (tests / "test_module.py").write_text(
        "import pytest\npytestmark = [pytest.mark.clause('2.7')]\n\ndef test_lado():\n    pass\n",
        "utf-8",
    )
    assert marked_tests(tests) == {
        "2.7": ["tests/test_module.py::test_lado"],
        "4.1.8": ["tests/test_photos.py::test_photos_of_pupils_are_blocked"],
    }


def test_a_clause_is_carried_only_by_a_built_feature_with_a_test() -> None:
    trace = build_trace(
        model_policy(),
        {"4.1.5": ["tests/unit/test_checker.py::test_x"], "2.8": ["tests/t.py::test_police"]},
    )
    rows = {row.clause.id: row for row in trace.rows}
    assert rows["4.1.5"].carried and rows["4.1.5"].state == "carried"
    assert rows["2.8"].feature_status is FeatureStatus.PLANNED and not rows["2.8"].carried
    assert rows["4.1.8"].state == "built, untested"
    assert rows["4.1.1"].state == "not yet"
    assert trace.carried == 1
    assert trace.share == 1 / len(model_policy())


def test_the_projects_own_trace_credits_what_this_suite_proves() -> None:
    tests_dir = Path(__file__).resolve().parents[1]
    trace = build_trace(model_policy(), marked_tests(tests_dir))
    carried = {row.clause.id for row in trace.rows if row.carried}
    assert {"4.1.2", "4.1.3", "4.1.5", "4.1.11", "2.2", "8.1"} <= carried
    # Nothing planned can be carried, however many tests mention it.
    assert all(row.feature_status is FeatureStatus.BUILT for row in trace.rows if row.carried)
