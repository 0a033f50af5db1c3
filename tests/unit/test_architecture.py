"""The pure core never reaches for the web, the database, the network or the clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "prudence"
PURE = ["policy", "school", "check", "cases"]
FORBIDDEN_MODULES = {
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "httpx",
    "requests",
    "urllib.request",
    "socket",
    "smtplib",
    "huey",
    "redis",
    "psycopg",
    "jinja2",
    "prudence.adapters",
    "prudence.web",
    "prudence.services",
    "prudence.cli",
    "prudence.config",
}
CLOCK_CALLS = {"now", "today", "utcnow", "time"}


def pure_modules() -> list[Path]:
    return sorted(
        p for area in PURE if (PACKAGE / area).is_dir() for p in (PACKAGE / area).rglob("*.py")
    )


@pytest.mark.parametrize("module", pure_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_pure_core_imports_no_framework_database_or_network(module: Path) -> None:
    tree = ast.parse(module.read_text("utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN_MODULES), (
                f"{module.name} imports {name}"
            )


@pytest.mark.parametrize("module", pure_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_pure_core_never_reads_the_clock(module: Path) -> None:
    tree = ast.parse(module.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
            if isinstance(target, ast.Name) and target.id in {"date", "datetime", "time"}:
                assert node.func.attr not in CLOCK_CALLS, (
                    f"{module.name} calls {target.id}.{node.func.attr}()"
                )
