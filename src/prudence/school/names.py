"""Who a name refers to: the index of pupils, former pupils, parents and staff in a school."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from prudence.school.profile import SchoolProfile
from prudence.school.roster import Pupil, PupilStatus

_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "prof", "rev"}


class PersonKind(StrEnum):
    CURRENT_PUPIL = "current pupil"
    FORMER_PUPIL_OF_SCHOOL_AGE = "former pupil of school age"
    FORMER_PUPIL_ADULT = "former pupil, now an adult"
    PARENT = "parent of a pupil"
    COLLEAGUE = "colleague"
    UNKNOWN = "unknown"

    @property
    def is_child(self) -> bool:
        return self in {PersonKind.CURRENT_PUPIL, PersonKind.FORMER_PUPIL_OF_SCHOOL_AGE}


@dataclass(frozen=True, slots=True)
class Person:
    """A person the school knows, as a name resolves to them."""

    name: str
    kind: PersonKind
    children: tuple[Pupil, ...] = ()  # for a parent: the pupils they are parent of
    pupil: Pupil | None = None


def normalise_name(name: str) -> str:
    """`Mrs. Emma  Whitaker` -> `emma whitaker`; `@Zara_H` -> `zara h`."""
    words = re.sub(r"[^\w' -]+|_", " ", name.lower()).replace("'", "").split()
    return " ".join(w for w in words if w not in _TITLES)


def _has_title(name: str) -> bool:
    words = re.sub(r"[^\w ]+", " ", name.lower()).split()
    return bool(words) and words[0] in _TITLES


def _pupil_kind(pupil: Pupil, today: date) -> PersonKind:
    if pupil.status is PupilStatus.CURRENT:
        return PersonKind.CURRENT_PUPIL
    if pupil.is_of_school_age_on(today):
        return PersonKind.FORMER_PUPIL_OF_SCHOOL_AGE
    return PersonKind.FORMER_PUPIL_ADULT


class NameIndex:
    """Resolves the names a colleague types to the people of one school, on a given day."""

    def __init__(self, profile: SchoolProfile, today: date) -> None:
        self.today = today
        self._full: dict[str, list[Person]] = defaultdict(list)
        self._first: dict[str, list[Person]] = defaultdict(list)
        self._title_surname: dict[str, list[Person]] = defaultdict(list)
        self.pupils: list[Person] = []
        parents: dict[str, list[Pupil]] = defaultdict(list)
        for pupil in profile.pupils:
            person = Person(pupil.full_name, _pupil_kind(pupil, today), pupil=pupil)
            self.pupils.append(person)
            given = [pupil.first_name] + ([pupil.preferred_name] if pupil.preferred_name else [])
            for first in given:
                self._full[normalise_name(f"{first} {pupil.last_name}")].append(person)
                self._first[normalise_name(first)].append(person)
            for parent in pupil.parent_names:
                parents[parent].append(pupil)
        # Adults as a text names them: in full, or by a title and their surname.
        self._adults: list[tuple[re.Pattern[str], Person]] = []
        titles = "|".join(sorted(_TITLES))
        for parent, children in parents.items():
            person = Person(parent, PersonKind.PARENT, children=tuple(children))
            key = normalise_name(parent)
            self._full[key].append(person)
            if _has_title(parent) and len(key.split()) >= 1:
                title = re.sub(r"[^\w ]+", " ", parent.lower()).split()[0]
                self._title_surname[f"{title} {key.split()[-1]}"].append(person)
            if len(key.split()) >= 2:
                self._adults.append((_name_pattern(key), person))
            if key:
                self._adults.append((_titled(titles, key.split()[-1]), person))
        for colleague in profile.staff:
            person = Person(colleague.full_name, PersonKind.COLLEAGUE)
            for first in filter(None, (colleague.first_name, colleague.preferred_name)):
                self._full[normalise_name(f"{first} {colleague.last_name}")].append(person)
                self._adults.append((_name_pattern(f"{first} {colleague.last_name}"), person))
            self._adults.append((_titled(titles, colleague.last_name), person))

    def resolve(self, typed: str | None) -> Person:
        """The person a direct message's recipient names; children win a tie, for safety."""
        if not typed or not normalise_name(typed):
            return Person(typed or "", PersonKind.UNKNOWN)
        key = normalise_name(typed)
        candidates = self._full.get(key, [])
        if not candidates and _has_title(typed):
            title = re.sub(r"[^\w ]+", " ", typed.lower()).split()[0]
            candidates = self._title_surname.get(f"{title} {key.split()[-1]}", [])
        if not candidates and len(key.split()) == 1:
            # A first name alone, typed as a recipient, most likely means the pupil of that name.
            candidates = self._first.get(key, [])
        if not candidates:
            return Person(typed, PersonKind.UNKNOWN)
        order = list(PersonKind)
        return min(candidates, key=lambda p: order.index(p.kind))

    def adult_mentions(self, text: str) -> list[tuple[int, int, Person]]:
        """Colleagues and pupils' parents named in a text, in full or by title and surname."""
        found = {
            match.span(): person
            for pattern, person in self._adults
            for match in pattern.finditer(text)
        }
        return sorted((a, b, person) for (a, b), person in found.items())

    def full_name_mentions(self, text: str) -> list[tuple[int, int, Person]]:
        """Pupils named in full (first or preferred name and surname) in a text."""
        found: list[tuple[int, int, Person]] = []
        for person in self.pupils:
            pupil = person.pupil
            assert pupil is not None
            given = [pupil.first_name] + ([pupil.preferred_name] if pupil.preferred_name else [])
            for first in given:
                pattern = rf"\b{re.escape(first)}\s+{re.escape(pupil.last_name)}\b"
                found += [(m.start(), m.end(), person) for m in re.finditer(pattern, text, re.I)]
        return sorted(found, key=lambda item: item[0])


def _name_pattern(name: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in name.split())
    return re.compile(rf"(?<![\w@]){words}(?!\w)", re.IGNORECASE)


def _titled(titles: str, surname: str) -> re.Pattern[str]:
    """ "Mrs Goulding", "Mr. Bell": a title and a surname, as pupils and parents speak of adults."""
    return re.compile(rf"(?<!\w)(?:{titles})\.?\s+{re.escape(surname)}(?!\w)", re.IGNORECASE)


def child_mentions(text: str, children: tuple[Pupil, ...]) -> list[tuple[int, int]]:
    """Where a message to a parent names one of their children by first or preferred name."""
    found: list[tuple[int, int]] = []
    for child in children:
        for name in filter(None, (child.first_name, child.preferred_name)):
            found += [m.span() for m in re.finditer(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)]
    return sorted(found)
