"""The school profile: who the school is, its rosters and the choices its policy leaves open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from prudence.school.problems import InputError, InputProblem
from prudence.school.roster import Colleague, Pupil, parse_date


class ReportsTo(StrEnum):
    """Who receives declarations and reports: the template's "[*select as appropriate]"."""

    HEADTEACHER = "headteacher"
    DESIGNATED_SAFEGUARDING_LEAD = "designated safeguarding lead"


@dataclass(frozen=True, slots=True)
class PolicyChoices:
    """The choices the model policy leaves to each school."""

    reports_to: ReportsTo | None = None
    school_channels: bool | None = None  # whether Section 5 applies
    lado_contact: str | None = None
    review_date: date | None = None


@dataclass(frozen=True, slots=True)
class School:
    name: str
    aliases: tuple[str, ...] = ()
    website: str | None = None
    social_handles: tuple[str, ...] = ()
    local_authority: str | None = None
    logo: str | None = None


@dataclass(frozen=True, slots=True)
class ProfileFiles:
    """The files a profile names, relative to the profile."""

    pupils: str | None
    staff: str | None
    policy_document: str | None = None  # the school's own policy, to cite its clause numbers


@dataclass(frozen=True)
class SchoolProfile:
    """Everything Prudence knows about one school."""

    school: School
    choices: PolicyChoices = PolicyChoices()
    pupils: tuple[Pupil, ...] = ()
    staff: tuple[Colleague, ...] = ()
    confidential_terms: tuple[str, ...] = ()
    files: ProfileFiles = field(default_factory=lambda: ProfileFiles(None, None))


_TOP_KEYS = {"school", "people", "confidential_terms", "policy"}
_SCHOOL_KEYS = {"name", "aliases", "website", "social_handles", "local_authority", "logo"}
_PEOPLE_KEYS = {"pupils", "staff"}
_POLICY_KEYS = {"reports_to", "school_channels", "lado_contact", "review_date", "document"}


class _Checker:
    def __init__(self, file: str, lines: dict[str, int]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[InputProblem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(
            InputProblem(self.file, self.lines.get(path), None, f"{path}: {message}")
        )

    def mapping(self, value: Any, path: str, allowed: set[str]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path, "expected a mapping of settings")
            return {}
        for key in value:
            if key not in allowed:
                self.problem(f"{path}.{key}", f"unknown setting; expected one of {sorted(allowed)}")
        return value

    def text(self, value: Any, path: str, required: bool = False) -> str | None:
        if value is None or value == "":
            if required:
                self.problem(path, "is required")
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(path, "expected text")
            return None
        return str(value).strip()

    def texts(self, value: Any, path: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path, "expected a list of text")
            return ()
        return tuple(v.strip() for v in value if v.strip())


def parse_profile(document: Any, file: str, lines: dict[str, int] | None = None) -> SchoolProfile:
    """Validates a profile's YAML (already parsed) without its rosters; InputError lists all."""
    check = _Checker(file, lines or {})
    if not isinstance(document, dict):
        raise InputError(
            [InputProblem(file, 1, None, "expected a mapping with a `school` section")]
        )
    top = check.mapping(document, "profile", _TOP_KEYS)
    if "school" not in top:
        check.problem("school", "is required")
    raw_school = check.mapping(top.get("school"), "school", _SCHOOL_KEYS)
    school = School(
        name=check.text(raw_school.get("name"), "school.name", required="school" in top) or "",
        aliases=check.texts(raw_school.get("aliases"), "school.aliases"),
        website=check.text(raw_school.get("website"), "school.website"),
        social_handles=check.texts(raw_school.get("social_handles"), "school.social_handles"),
        local_authority=check.text(raw_school.get("local_authority"), "school.local_authority"),
        logo=check.text(raw_school.get("logo"), "school.logo"),
    )
    people = check.mapping(top.get("people"), "people", _PEOPLE_KEYS)
    raw_policy = check.mapping(top.get("policy"), "policy", _POLICY_KEYS)
    files = ProfileFiles(
        pupils=check.text(people.get("pupils"), "people.pupils"),
        staff=check.text(people.get("staff"), "people.staff"),
        policy_document=check.text(raw_policy.get("document"), "policy.document"),
    )
    choices = PolicyChoices(
        reports_to=_reports_to(check, raw_policy.get("reports_to")),
        school_channels=_flag(check, raw_policy.get("school_channels"), "policy.school_channels"),
        lado_contact=check.text(raw_policy.get("lado_contact"), "policy.lado_contact"),
        review_date=_date(check, raw_policy.get("review_date"), "policy.review_date"),
    )
    terms = check.texts(top.get("confidential_terms"), "confidential_terms")
    if check.problems:
        raise InputError(check.problems)
    return SchoolProfile(school=school, choices=choices, confidential_terms=terms, files=files)


def _reports_to(check: _Checker, value: Any) -> ReportsTo | None:
    if value is None:
        return None
    aliases = {"dsl": ReportsTo.DESIGNATED_SAFEGUARDING_LEAD, "head": ReportsTo.HEADTEACHER}
    text = str(value).strip().lower()
    if text in aliases:
        return aliases[text]
    try:
        return ReportsTo(text)
    except ValueError:
        check.problem(
            "policy.reports_to", f"{value!r} is not headteacher or designated safeguarding lead"
        )
        return None


def _flag(check: _Checker, value: Any, path: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    check.problem(path, f"expected true or false, got {value!r}")
    return None


def _date(check: _Checker, value: Any, path: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except ValueError as error:
        check.problem(path, str(error))
        return None
