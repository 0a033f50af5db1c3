"""Finds the tests marked `@pytest.mark.clause("4.1.5")` by reading, not running, them."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path


def _clause_marks(decorators: list[ast.expr]) -> list[str]:
    found = []
    for decorator in decorators:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "clause"
        ):
            found += [
                arg.value
                for arg in decorator.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
    return found


def _module_marks(tree: ast.Module) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            values = (
                node.value.elts if isinstance(node.value, ast.List | ast.Tuple) else [node.value]
            )
            return _clause_marks(list(values))
    return []


def marked_tests(tests_dir: Path) -> dict[str, list[str]]:
    """Clause id -> the test ids (`tests/unit/test_x.py::test_y`) marked with it."""
    found: dict[str, list[str]] = defaultdict(list)
    root = tests_dir.parent
    for path in sorted(tests_dir.rglob("test_*.py")):
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        module_marks = _module_marks(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "test_"
            ):
                test_id = f"{path.relative_to(root).as_posix()}::{node.name}"
                for clause in dict.fromkeys(module_marks + _clause_marks(node.decorator_list)):
                    found[clause].append(test_id)
    return dict(found)


def find_tests_dir(start: Path) -> Path | None:
    """The project's tests folder, looked for from `start` upwards."""
    for folder in (start, *start.parents):
        if (folder / "tests").is_dir() and (folder / "pyproject.toml").is_file():
            return folder / "tests"
    return None
