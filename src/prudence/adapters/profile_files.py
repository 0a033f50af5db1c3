"""Loads a school profile and its rosters from disk, all or nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from prudence.adapters.text_files import read_text
from prudence.school.problems import InputError, InputProblem
from prudence.school.profile import SchoolProfile, parse_profile
from prudence.school.roster import Colleague, Pupil, parse_pupils, parse_staff


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
    pupils: tuple[Pupil, ...] = ()
    staff: tuple[Colleague, ...] = ()
    if profile.files.pupils:
        try:
            pupils = tuple(
                parse_pupils(
                    read_text(base / profile.files.pupils), str(base / profile.files.pupils)
                )
            )
        except InputError as error:
            problems.extend(error.problems)
    if profile.files.staff:
        try:
            staff = tuple(
                parse_staff(read_text(base / profile.files.staff), str(base / profile.files.staff))
            )
        except InputError as error:
            problems.extend(error.problems)
    if profile.school.logo and not (base / profile.school.logo).is_file():
        problems.append(
            InputProblem(
                str(path), None, None, f"school.logo: {profile.school.logo} does not exist"
            )
        )
    if problems:
        raise InputError(problems)
    return replace(profile, pupils=pupils, staff=staff)
