"""A clause of a Social Media and Networking Policy, typed, and the policy they make up."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a clause does in the policy."""

    PURPOSE = "purpose"
    SCOPE = "scope"
    PRINCIPLE = "principle"
    RESPONSIBILITY = "responsibility"
    RULE = "rule"
    PROCEDURE = "procedure"
    REFERENCE = "reference"


class Party(StrEnum):
    """Whom a clause places a duty or an expectation on."""

    GOVERNING_BODY = "governing body"
    HEADTEACHER_OR_LINE_MANAGER = "headteacher or line manager"
    COLLEAGUE = "colleague"
    PARENT_OR_THIRD_PARTY = "parent or third party"
    FORMER_COLLEAGUE = "former colleague"


class Force(StrEnum):
    """How strongly a clause binds."""

    MUST = "must"
    MUST_NOT = "must not"
    STRONGLY_ADVISED = "strongly advised"
    ADVISED = "advised"
    MAY = "may"


class Role(StrEnum):
    """A role the policy names, inside the school or outside it."""

    HEADTEACHER = "headteacher"
    DESIGNATED_SAFEGUARDING_LEAD = "designated safeguarding lead"
    LINE_MANAGER = "line manager"
    SENIOR_LEADERSHIP_TEAM = "senior leadership team"
    GOVERNING_BODY = "governing body"
    HR = "HR"
    LADO = "LADO"
    POLICE = "police"
    SOCIAL_CARE = "social care"
    LOCAL_AUTHORITY = "local authority"


class FeatureStatus(StrEnum):
    BUILT = "built"
    PLANNED = "planned"


@dataclass(frozen=True, slots=True)
class Feature:
    """A part of Prudence that carries one or more clauses."""

    key: str
    name: str
    status: FeatureStatus
    description: str


@dataclass(frozen=True, slots=True)
class Clause:
    """One numbered clause of the model policy, summarised in Prudence's words."""

    id: str
    number: str
    heading: str
    kind: Kind
    binds: tuple[Party, ...]
    force: Force | None
    roles: tuple[Role, ...]
    summary: str
    feature: str | None
    aliases: tuple[str, ...] = ()

    @property
    def is_section(self) -> bool:
        """True for a section heading such as 4.0."""
        return self.number.endswith(".0") or "." not in self.number

    @property
    def section(self) -> str:
        return self.number.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Policy:
    """The model policy: its clauses in document order and the features that carry them."""

    clauses: tuple[Clause, ...]
    features: Mapping[str, Feature]

    def __iter__(self) -> Iterator[Clause]:
        return iter(self.clauses)

    def __len__(self) -> int:
        return len(self.clauses)

    def numbered(self, number: str) -> list[Clause]:
        """Every clause printed with this number (the template prints 2.3 twice)."""
        wanted = canonical_number(number)
        return [c for c in self.clauses if canonical_number(c.number) == wanted]

    def by_id(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)


def clause_order(clause: str) -> tuple[int, ...]:
    """Sort key putting clause numbers or ids in document order: 4.1.2 before 4.1.10."""
    return tuple(int(part) for part in clause.split("-")[0].split(".") if part.isdigit())


def canonical_number(number: str) -> str:
    """`4`, `4.`, `4.0` and `4.0.` all name section 4; `4.1.8.` is `4.1.8`."""
    parts = [p for p in number.strip().strip(".").split(".") if p != ""]
    parts = [str(int(p)) if p.isdigit() else p for p in parts]
    if len(parts) == 1:
        parts.append("0")
    return ".".join(parts)
