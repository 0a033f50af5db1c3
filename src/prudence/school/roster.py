"""Pupils and staff read from the CSV exports of a school management system."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from prudence.school.problems import InputError, InputProblem


class PupilStatus(StrEnum):
    CURRENT = "current"
    FORMER = "former"


@dataclass(frozen=True, slots=True)
class Pupil:
    """A pupil on the school's roll now or in the past."""

    first_name: str
    last_name: str
    preferred_name: str | None
    year_group: str | None
    status: PupilStatus
    left_on: date | None
    date_of_birth: date | None
    parent_names: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_of_school_age_on(self, day: date) -> bool:
        """Under 18, the age the policy's "ex-pupils of school age" means; unknown counts as yes."""
        age = self.age_on(day)
        return age is None or age < 18


@dataclass(frozen=True, slots=True)
class Colleague:
    """Someone who works for the school, from the staff export."""

    first_name: str
    last_name: str
    preferred_name: str | None
    role: str
    email: str | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


# Column names as different management systems export them, mapped to ours.
PUPIL_COLUMNS: dict[str, tuple[str, ...]] = {
    "first_name": ("first name", "forename", "legal forename", "given name"),
    "last_name": ("last name", "surname", "legal surname", "family name"),
    "preferred_name": ("preferred name", "preferred forename", "known as", "nickname"),
    "year_group": ("year group", "year", "nc year", "curriculum year", "yeargroup"),
    "status": ("status", "enrolment status", "enrollment status", "on roll"),
    "left_on": ("left on", "leaving date", "date of leaving", "left date", "date left"),
    "date_of_birth": ("date of birth", "dob", "birth date", "birthdate"),
    "parent_names": ("parent names", "parents", "contacts", "parent carers", "parents carers"),
}
STAFF_COLUMNS: dict[str, tuple[str, ...]] = {
    "first_name": ("first name", "forename", "legal forename", "given name"),
    "last_name": ("last name", "surname", "legal surname", "family name"),
    "preferred_name": ("preferred name", "preferred forename", "known as"),
    "role": ("role", "job title", "post", "position"),
    "email": ("email", "email address", "work email", "e mail"),
}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _key(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", header.lower()).split())


def parse_date(value: str) -> date:
    """An ISO date, or the day-first date UK exports use (31/01/2016)."""
    for date_format in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)")


Row = TypeVar("Row")


class _Reader:
    """Walks a CSV export row by row, collecting problems instead of stopping at the first."""

    def __init__(self, text: str, file: str, columns: dict[str, tuple[str, ...]]) -> None:
        self.file = file
        self.problems: list[InputProblem] = []
        self._rows = csv.reader(io.StringIO(text, newline=""))
        self.index: dict[str, int] = {}
        self.line = 0
        self._header(columns)

    def problem(self, message: str, column: str | None = None) -> None:
        position = self.index[column] + 1 if column is not None and column in self.index else None
        label = f" ({column})" if column else ""
        self.problems.append(
            InputProblem(self.file, self.line, position, f"{message}{label}".strip())
        )

    def _header(self, columns: dict[str, tuple[str, ...]]) -> None:
        try:
            header = next(self._rows)
        except StopIteration:
            self.problems.append(InputProblem(self.file, None, None, "the file is empty"))
            return
        self.line = self._rows.line_num
        known = {ours: ours for ours in columns}
        known |= {_key(alias): ours for ours, aliases in columns.items() for alias in aliases}
        known = {_key(name): ours for name, ours in known.items()}
        for position, name in enumerate(header):
            ours = known.get(_key(name))
            if ours is None:
                expected = ", ".join(columns)
                self.problems.append(
                    InputProblem(
                        self.file,
                        self.line,
                        position + 1,
                        f"unknown column {name!r}; the columns are {expected}",
                    )
                )
            elif ours in self.index:
                self.problems.append(
                    InputProblem(
                        self.file, self.line, position + 1, f"column {name!r} appears twice"
                    )
                )
            else:
                self.index[ours] = position
        for ours in columns:
            if ours not in self.index:
                self.problems.append(
                    InputProblem(self.file, self.line, None, f"missing column {ours!r}")
                )

    def rows(self) -> Iterator[dict[str, str]]:
        if self.problems:
            return
        width = len(self.index)
        for record in self._rows:
            self.line = self._rows.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != width:
                self.problem(f"expected {width} fields, found {len(record)}")
                continue
            yield {ours: record[position].strip() for ours, position in self.index.items()}

    def field(self, row: dict[str, str], column: str, parse: Callable[[str], Row]) -> Row | None:
        value = row[column]
        if not value:
            return None
        try:
            return parse(value)
        except ValueError as error:
            self.problem(str(error), column)
            return None


def parse_pupils(text: str, file: str = "pupils.csv") -> list[Pupil]:
    """Every pupil in a pupils export; raises InputError listing every problem, loading none."""
    reader = _Reader(text, file, PUPIL_COLUMNS)
    pupils: list[Pupil] = []
    seen: dict[tuple[str, str, date | None], int] = {}
    for row in reader.rows():
        before = len(reader.problems)
        for column in ("first_name", "last_name", "status"):
            if not row[column]:
                reader.problem("a value is required", column)
        status: PupilStatus | None = None
        if row["status"]:
            try:
                status = PupilStatus(row["status"].lower())
            except ValueError:
                reader.problem(f"unknown status {row['status']!r}; use current or former", "status")
        left_on = reader.field(row, "left_on", parse_date)
        born = reader.field(row, "date_of_birth", parse_date)
        if len(reader.problems) > before or status is None:
            continue
        identity = (row["first_name"].lower(), row["last_name"].lower(), born)
        if identity in seen:
            reader.problem(
                f"{row['first_name']} {row['last_name']} is listed twice "
                f"(first on line {seen[identity]})"
            )
            continue
        seen[identity] = reader.line
        pupils.append(
            Pupil(
                first_name=row["first_name"],
                last_name=row["last_name"],
                preferred_name=row["preferred_name"] or None,
                year_group=row["year_group"] or None,
                status=status,
                left_on=left_on,
                date_of_birth=born,
                parent_names=tuple(n.strip() for n in row["parent_names"].split(";") if n.strip()),
            )
        )
    if reader.problems:
        raise InputError(reader.problems)
    if not pupils:
        raise InputError([InputProblem(file, None, None, "the file lists no pupils")])
    return pupils


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address")
    return value


def parse_staff(text: str, file: str = "staff.csv") -> list[Colleague]:
    """Every colleague in a staff export; raises InputError listing every problem, loading none."""
    reader = _Reader(text, file, STAFF_COLUMNS)
    staff: list[Colleague] = []
    seen: dict[str, int] = {}
    for row in reader.rows():
        before = len(reader.problems)
        for column in ("first_name", "last_name"):
            if not row[column]:
                reader.problem("a value is required", column)
        email = reader.field(row, "email", _email)
        if len(reader.problems) > before:
            continue
        if email is not None and email.lower() in seen:
            reader.problem(
                f"{email} is listed twice (first on line {seen[email.lower()]})", "email"
            )
            continue
        if email is not None:
            seen[email.lower()] = reader.line
        staff.append(
            Colleague(
                first_name=row["first_name"],
                last_name=row["last_name"],
                preferred_name=row["preferred_name"] or None,
                role=row["role"],
                email=email,
            )
        )
    if reader.problems:
        raise InputError(reader.problems)
    if not staff:
        raise InputError([InputProblem(file, None, None, "the file lists no staff")])
    return staff
