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
    for line in shown:
        if line.strip():
            assert line.strip() in actual, (
                f"the README shows a line the command no longer prints: {line!r}"
            )


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
