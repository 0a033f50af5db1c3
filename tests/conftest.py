"""Shared fixtures: the seed policy, the example schools and small factories."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from prudence.adapters.profile_files import load_profile
from prudence.check.context import CheckContext
from prudence.school.profile import SchoolProfile

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRUDENCE_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2026, 11, 24)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The model policy as the local authority publishes it, read where it lives."""
    path = SHARED / "seed" / "social-media-policy.txt"
    if not path.is_file():
        pytest.fail(f"the seed policy is missing: expected {path} (set PRUDENCE_SHARED)")
    return path


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text("utf-8")


@pytest.fixture(scope="session")
def seed_lines(seed_text: str) -> list[str]:
    return seed_text.splitlines()


@pytest.fixture(scope="session")
def demo_profile() -> SchoolProfile:
    return load_profile(ROOT / "examples" / "demo-school" / "profile.yaml")


@pytest.fixture
def demo_context(demo_profile: SchoolProfile) -> CheckContext:
    return CheckContext(profile=demo_profile, today=TODAY)


def line_of(lines: list[str], phrase: str, occurrence: int = 1) -> int:
    """The 1-based line on which `phrase` appears for the n-th time."""
    seen = 0
    for number, line in enumerate(lines, start=1):
        if phrase in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{phrase!r} does not appear {occurrence} time(s)")


def run_prudence(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Runs the `prudence` command in its own process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "prudence", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
        env=env,
    )
