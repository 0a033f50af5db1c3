"""Loads a school profile and its rosters from disk, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import yaml

from prudence.adapters.text_files import read_text
from prudence.school.problems import InputError, InputProblem
from prudence.school.profile import SchoolProfile, parse_profile
from prudence.school.roster import parse_pupils, parse_staff

Row = TypeVar("Row")


def _key_lines(node: yaml.Node, prefix: str = "") -> dict[str, int]:
    """Dotted key -> 1-based line, so that a problem can say where in the YAML it is."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}{key.value}"
            lines[path] = key.start_mark.line + 1
            lines.update(_key_lines(value, path + "."))
    return lines


def load_profile(path: Path) -> SchoolProfile:
    """The school profile at `path` with its pupils and staff; InputError lists every problem."""
    text = read_text(path)
    try:
        node = yaml.compose(text)
        document = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(
            [InputProblem(str(path), line, column, f"not valid YAML: {error.problem}")]
        ) from None
    except yaml.YAMLError as error:
        raise InputError(
            [InputProblem(str(path), None, None, f"not valid YAML: {error}")]
        ) from None
    profile = parse_profile(document, str(path), _key_lines(node) if node else {})
    base = path.parent
    problems: list[InputProblem] = []

    def roster(relative: str | None, parse: Callable[[str, str], list[Row]]) -> tuple[Row, ...]:
        if not relative:
            return ()
        try:
            return tuple(parse(read_text(base / relative), str(base / relative)))
        except InputError as error:
            problems.extend(error.problems)
            return ()

    pupils = roster(profile.files.pupils, parse_pupils)
    staff = roster(profile.files.staff, parse_staff)
    for setting, relative in (
        ("policy.document", profile.files.policy_document),
        ("school.logo", profile.school.logo),
    ):
        if relative and not (base / relative).is_file():
            problems.append(
                InputProblem(str(path), None, None, f"{setting}: {relative} does not exist")
            )
    if problems:
        raise InputError(problems)
    return replace(profile, pupils=pupils, staff=staff)
