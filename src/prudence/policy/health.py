"""The policy health check: what in a school's policy document needs attention before it is used.

Finds placeholders left unfilled, clauses numbered twice or skipped, a review date that has passed,
superseded law and guidance, services that closed or changed name, and plain-http links. What it
knows about law, guidance and services lives in a data file with sources, which a school or local
authority can extend.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from prudence.policy.document import PolicyDocument, ProblemCode, parse_policy_text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class HealthCode(StrEnum):
    """Stable codes for what the health check reports; documented in the README."""

    UNFILLED_PLACEHOLDER = "unfilled-placeholder"
    DUPLICATE_NUMBER = "duplicate-number"
    SKIPPED_NUMBER = "skipped-number"
    REVIEW_OVERDUE = "review-overdue"
    NO_REVIEW_DATE = "no-review-date"
    SUPERSEDED_LAW = "superseded-law"
    SUPERSEDED_GUIDANCE = "superseded-guidance"
    CLOSED_SERVICE = "closed-service"
    RENAMED_SERVICE = "renamed-service"
    INSECURE_LINK = "insecure-link"


@dataclass(frozen=True, slots=True)
class KnowledgeRule:
    """One thing the health check looks for, with where the fact comes from."""

    id: str
    code: HealthCode
    severity: Severity
    pattern: re.Pattern[str]
    message: str
    suggestion: str
    source: str


@dataclass(frozen=True, slots=True)
class HealthFinding:
    line: int
    severity: Severity
    code: HealthCode
    message: str
    suggestion: str
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "line": self.line,
            "severity": self.severity.value,
            "code": self.code.value,
            "message": self.message,
            "suggestion": self.suggestion,
        }
        if self.source:
            found["source"] = self.source
        return found


class KnowledgeError(ValueError):
    """A knowledge file entry is malformed; names the entry and the field."""


def parse_knowledge(document: Any, origin: str) -> list[KnowledgeRule]:
    """Reads the rules of a knowledge file (already parsed from YAML)."""
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise KnowledgeError(f"{origin}: expected a mapping with a list under `rules`")
    rules: list[KnowledgeRule] = []
    for index, raw in enumerate(document["rules"], start=1):
        where = f"{origin}: rule #{index}"
        if not isinstance(raw, dict):
            raise KnowledgeError(f"{where}: expected a mapping")
        where = f"{where} ({raw.get('id', 'no id')})"
        try:
            flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
            # Policies wrap lines anywhere, so a space in a pattern matches any run of whitespace.
            pattern = re.compile(str(raw["pattern"]).replace(" ", r"\s+"), flags)
            rules.append(
                KnowledgeRule(
                    id=str(raw["id"]),
                    code=HealthCode(raw["code"]),
                    severity=Severity(raw["severity"]),
                    pattern=pattern,
                    message=" ".join(str(raw["message"]).split()),
                    suggestion=" ".join(str(raw["suggestion"]).split()),
                    source=" ".join(str(raw["source"]).split()),
                )
            )
        except KeyError as missing:
            raise KnowledgeError(f"{where}: missing field {missing}") from None
        except re.error as error:
            raise KnowledgeError(
                f"{where}: the pattern is not a valid expression: {error}"
            ) from None
        except ValueError as error:
            raise KnowledgeError(f"{where}: {error}") from None
    return rules


def merge_knowledge(base: list[KnowledgeRule], extra: list[KnowledgeRule]) -> list[KnowledgeRule]:
    """A school's own rules replace the shipped rule with the same id and add the rest."""
    replaced = {rule.id: rule for rule in extra}
    merged = [replaced.pop(rule.id, rule) for rule in base]
    return merged + list(replaced.values())


_MONTH_YEAR = re.compile(r"^(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>\d{4})$")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%m/%Y")


def parse_review_date(value: str) -> date | None:
    """The date a review falls due; a month alone means the end of that month."""
    value = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", value.strip().rstrip("."))
    value = " ".join(value.replace(",", " ").split())
    if match := _MONTH_YEAR.match(value):
        word = match.group("month").lower()
        for month, name in enumerate(calendar.month_name):
            # "Jan", "Sept" and "September" all name a month; three letters at least.
            if month and len(word) >= 3 and name.lower().startswith(word):
                year = int(match.group("year"))
                return date(year, month, calendar.monthrange(year, month)[1])
    for date_format in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, date_format).date()
        except ValueError:
            continue
        if date_format == "%m/%Y":
            return date(
                parsed.year, parsed.month, calendar.monthrange(parsed.year, parsed.month)[1]
            )
        return parsed
    if re.fullmatch(r"\d{4}", value):
        return date(int(value), 12, 31)
    return None


_REVIEW_KEYS = (
    "review date",
    "reviewed date",
    "next review",
    "next review date",
    "date of next review",
)


def _review_findings(document: PolicyDocument, today: date) -> list[HealthFinding]:
    for key in _REVIEW_KEYS:
        if key in document.metadata:
            value, line = document.metadata[key]
            due = parse_review_date(value)
            if due is None:
                return [
                    HealthFinding(
                        line=line,
                        severity=Severity.WARNING,
                        code=HealthCode.REVIEW_OVERDUE,
                        message=f'The review date "{value}" is not a date Prudence can read.',
                        suggestion="Write the next review date as a day, month and year.",
                    )
                ]
            if due < today:
                years = (today - due).days // 365
                overdue = f"more than {years} year{'s' if years != 1 else ''}" if years else "weeks"
                return [
                    HealthFinding(
                        line=line,
                        severity=Severity.ERROR,
                        code=HealthCode.REVIEW_OVERDUE,
                        message=f"The policy was due for review in {value}: {overdue} ago.",
                        suggestion=(
                            "Review the policy now, record who approved it and set the next "
                            "review date, usually a year ahead."
                        ),
                    )
                ]
            return []
    return [
        HealthFinding(
            line=1,
            severity=Severity.WARNING,
            code=HealthCode.NO_REVIEW_DATE,
            message="The policy does not say when it is next due for review.",
            suggestion='Add a line such as "Review date: 1 September 2027".',
        )
    ]


def _whole_link(text: str, match: re.Match[str]) -> str:
    """A link broken over two lines after a hyphen or slash, joined up again."""
    link = match.group(0)
    rest = re.match(r"\n(\S+)", text[match.end() :])
    if (
        link.endswith(("-", "/"))
        and rest
        and not rest.group(1).lower().startswith(("http", "www."))
    ):
        link += rest.group(1)
    return link


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", text)]


def check_policy_health(
    text: str, rules: list[KnowledgeRule], today: date
) -> tuple[PolicyDocument, list[HealthFinding]]:
    """Every finding of the health check, in line order, with the parsed document."""
    document = parse_policy_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    findings: list[HealthFinding] = []
    for problem in document.problems:
        duplicate = problem.code is ProblemCode.DUPLICATE_NUMBER
        findings.append(
            HealthFinding(
                line=problem.line,
                severity=Severity.ERROR if duplicate else Severity.WARNING,
                code=HealthCode(problem.code.value),
                message=problem.message,
                suggestion=(
                    "Renumber the clauses so each number is used once, and update any "
                    "cross-references."
                    if duplicate
                    else "Renumber the clauses, or restore the clause that was removed."
                ),
            )
        )
    findings.extend(_review_findings(document, today))
    starts = _line_starts(text)
    for rule in rules:
        for match in rule.pattern.finditer(text):
            line = bisect.bisect_right(starts, match.start())
            shown = " ".join(match.group(0).split())
            if rule.code is HealthCode.INSECURE_LINK:
                shown = _whole_link(text, match)
            message = rule.message.replace("{match}", shown)
            if line in document.furniture_lines:
                message += " (in a link repeated at a page break)"
            findings.append(
                HealthFinding(
                    line=line,
                    severity=rule.severity,
                    code=rule.code,
                    message=message,
                    suggestion=rule.suggestion,
                    source=rule.source,
                )
            )
    findings.sort(key=lambda f: (f.line, f.severity.rank, f.code.value))
    return document, findings
