"""The README is the front door: every command it shows prints what it shows, and it documents
every command, setting and health-check code."""

from __future__ import annotations

import re
import shlex

import pytest
import typer.main

from prudence.cli import app
from prudence.config import Settings
from prudence.policy.health import HealthCode
from prudence.school.audit import EVENTS
from tests.conftest import ROOT, run_prudence

README = (ROOT / "README.md").read_text("utf-8")


def console_examples() -> list[tuple[str, list[str]]]:
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, re.DOTALL):
        lines = block.splitlines()
        examples.append((lines[0].removeprefix("$ "), lines[1:]))
    return examples


@pytest.mark.parametrize(("command", "shown"), console_examples(), ids=lambda v: str(v)[:60])
def test_every_command_in_the_readme_prints_what_the_readme_shows(
    command: str, shown: list[str]
) -> None:
    args = shlex.split(command)
    assert args[0] == "prudence"
    result = run_prudence(*args[1:])
    assert result.returncode in (0, 1), result.stderr
    actual = [line.strip() for line in result.stdout.splitlines()]
    # The checker's scores rest on 8-bit arithmetic, whose last digits can differ between
    # processors: a score may move by a post or two, never its shape or its counts.
    close = near if args[1] == "eval" else str.__eq__
    for line in shown:
        if line.strip():
            assert any(close(line.strip(), printed) for printed in actual), (
                f"the README shows a line the command no longer prints: {line!r}"
            )


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def near(shown: str, printed: str) -> bool:
    """The same line, whole numbers equal and scores within 0.02 (or 2 points of a percentage)."""
    if _NUMBER.sub("#", shown) != _NUMBER.sub("#", printed):
        return False
    for a, b in zip(_NUMBER.findall(shown), _NUMBER.findall(printed), strict=True):
        if "." not in a or "." not in b:
            if a != b:
                return False
        elif abs(float(a) - float(b)) > (0.02 if float(a) <= 1 else 2.0):
            return False
    return True


def test_scores_are_near_only_within_their_tolerance() -> None:
    assert near("micro   0.839   0.790  0.814", "micro   0.831   0.801  0.814")
    assert not near("micro   0.839   0.790  0.814", "micro   0.839   0.760  0.814")
    assert near("958 posts: 87.6% of 395 flagged", "958 posts: 86.1% of 395 flagged")
    assert not near("958 posts: 87.6% of 395 flagged", "957 posts: 87.6% of 395 flagged")
    assert not near("4.1.2 0.852", "4.1.3 0.852")


def command_paths() -> list[str]:
    click_app = typer.main.get_command(app)
    paths = []
    for name, command in click_app.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            paths += [f"prudence {name} {sub}" for sub in subcommands]
        else:
            paths.append(f"prudence {name}")
    return paths


@pytest.mark.parametrize("command", command_paths())
def test_every_command_is_documented(command: str) -> None:
    assert f"`{command}" in README


@pytest.mark.parametrize("code", [code.value for code in HealthCode])
def test_every_health_check_code_is_documented(code: str) -> None:
    assert f"`{code}`" in README


@pytest.mark.parametrize("setting", list(Settings.model_fields))
def test_every_setting_is_documented(setting: str) -> None:
    assert f"`PRUDENCE_{setting.upper()}`" in README


def test_the_two_newcomer_commands_open_the_readme() -> None:
    first_block = README.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_audit_event_is_documented(event: str) -> None:
    assert f"| `{event}` |" in README
