"""Published versions of a school's policy, what changed between two of them, and the next one.

A school's policy lives: it is corrected, reviewed and reissued. Each version is kept whole, and
each says whether it is material. A material version (a rule added, changed or dropped) asks every
colleague to read and acknowledge the policy again; a non-material one (a typo, a broken link)
leaves the acknowledgements already given standing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from prudence.policy.clause import canonical_number, clause_order
from prudence.policy.document import PolicyDocument

# A punctuation mark is a word of its own, so a comma added after a word leaves the word equal.
_WORD = re.compile(r"(\s*)(\w+(?:['’]\w+)*|\S)")

ClauseText = tuple[str, str, str]
"""A clause as a version keeps it: its number, its heading ("" when it has none) and its text."""


class PublishRefused(ValueError):
    """A version that cannot be published as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """One published version of a school's policy, kept whole."""

    school: str
    number: int
    clauses: tuple[ClauseText, ...]
    published_at: datetime
    published_by: str
    material: bool
    note: str

    @property
    def asks_everyone_to_acknowledge_again(self) -> bool:
        """True when acknowledgements of earlier versions stop counting once this is published."""
        return self.material


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"  # its heading or its wording changed, and perhaps its number
    RENUMBERED = "renumbered"  # only its number changed


class Piece(StrEnum):
    """What a run of words is in a word-level difference."""

    EQUAL = "equal"
    INSERTED = "inserted"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """How one clause differs between two versions."""

    kind: ChangeKind
    old: ClauseText | None
    new: ClauseText | None
    # For a changed wording: the equal and deleted runs joined make the old text, the equal and
    # inserted runs the new one (spacing normalised).
    words: tuple[tuple[Piece, str], ...] = ()

    @property
    def number(self) -> str:
        """The clause's number in the newer version, or in the older one if it was removed."""
        clause = self.new or self.old
        assert clause is not None
        return clause[0]

    @property
    def renumbered(self) -> bool:
        return (
            self.old is not None
            and self.new is not None
            and canonical_number(self.old[0]) != canonical_number(self.new[0])
        )

    @property
    def heading_changed(self) -> bool:
        return (
            self.old is not None
            and self.new is not None
            and _normalised(self.old[1]) != _normalised(self.new[1])
        )


@dataclass(frozen=True, slots=True)
class PolicyDiff:
    """Every clause added, removed, changed or renumbered between two versions, in policy order."""

    old_version: int | None
    new_version: int | None
    changes: tuple[ClauseChange, ...]
    unchanged: int

    def of_kind(self, kind: ChangeKind) -> list[ClauseChange]:
        return [change for change in self.changes if change.kind is kind]

    @property
    def is_empty(self) -> bool:
        return not self.changes


def clauses_of(document: PolicyDocument) -> tuple[ClauseText, ...]:
    """The clauses of an imported policy document, as a version keeps them."""
    return tuple((c.number, c.heading or "", c.text) for c in document.clauses)


def diff(old: PolicyVersion, new: PolicyVersion) -> PolicyDiff:
    """What changed from one version to another, clause by clause."""
    return _compare(old.clauses, new.clauses, old_version=old.number, new_version=new.number)


def word_difference(old_text: str, new_text: str) -> tuple[tuple[Piece, str], ...]:
    """The difference between two wordings, as runs of equal, deleted and inserted words."""
    old_words, new_words = _words(old_text), _words(new_text)
    # autojunk would treat common words ("the", "and") in a long clause as noise and misalign them.
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    pieces: list[tuple[Piece, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append((Piece.EQUAL, "".join(new_words[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append((Piece.DELETED, "".join(old_words[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append((Piece.INSERTED, "".join(new_words[j1:j2])))
    return tuple(pieces)


def current_version(versions: Sequence[PolicyVersion]) -> PolicyVersion | None:
    """The latest version published, or None before the first."""
    return max(versions, key=lambda v: v.number, default=None)


def acknowledgement_holds(acknowledged: int, versions: Sequence[PolicyVersion]) -> bool:
    """True when an acknowledgement of that version still counts: no material version since it."""
    numbers = {v.number for v in versions}
    # An acknowledgement of a version the school never published counts for nothing: the person
    # is asked again rather than counted on a record that cannot be right.
    if acknowledged not in numbers:
        return False
    return not any(v.material for v in versions if v.number > acknowledged)


def publish_next(
    previous_versions: Sequence[PolicyVersion],
    clauses: Iterable[ClauseText],
    *,
    school: str,
    material: bool,
    actor: str,
    now: datetime,
    note: str = "",
) -> PolicyVersion:
    """The next version of a school's policy after the current one; refused when unchanged."""
    history = _history(previous_versions, school)
    new_clauses = tuple(clauses)
    if not new_clauses:
        raise PublishRefused("a version needs at least one clause")
    if any(not canonical_number(number) for number, _, _ in new_clauses):
        raise PublishRefused("every clause needs its number")
    if not actor.strip():
        raise PublishRefused("a version needs the person who publishes it")
    if now.tzinfo is None or now.utcoffset() is None:
        raise PublishRefused("the publication time must carry its time zone")
    current = history[-1] if history else None
    if current is None:
        # Nobody can have acknowledged a policy before its first version, so the first is material
        # whatever the caller says.
        material = True
    else:
        if now < current.published_at:
            raise PublishRefused(
                f"version {current.number} was published at {current.published_at.isoformat()}, "
                "after the time given for this one"
            )
        changes = _compare(current.clauses, new_clauses, old_version=current.number)
        if changes.is_empty:
            raise PublishRefused(
                f"nothing has changed since version {current.number}: it stays the current version"
            )
        if not material and changes.of_kind(ChangeKind.ADDED):
            # Nobody can have acknowledged a rule that was not there when they read the policy.
            added = ", ".join(change.number for change in changes.of_kind(ChangeKind.ADDED))
            raise PublishRefused(f"adding a clause ({added}) is a material change")
        if not material and not note.strip():
            # Keeping everyone's acknowledgements is a judgement; the governors may ask for it.
            raise PublishRefused("say in the note why this change needs no fresh acknowledgement")
    return PolicyVersion(
        school=school,
        number=current.number + 1 if current else 1,
        clauses=new_clauses,
        published_at=now,
        published_by=actor,
        material=material,
        note=note.strip(),
    )


def _history(versions: Sequence[PolicyVersion], school: str) -> list[PolicyVersion]:
    """The versions in order, checked to be one school's, numbered 1, 2, 3… without a gap."""
    ordered = sorted(versions, key=lambda v: v.number)
    for expected, version in enumerate(ordered, start=1):
        if version.school != school:
            raise PublishRefused(f"version {version.number} belongs to {version.school}")
        if version.number != expected:
            raise PublishRefused(f"the versions run to {version.number} without a {expected}")
    return ordered


def _words(text: str) -> list[str]:
    """Words and punctuation marks, each carrying the single space before it if it had one."""
    words: list[str] = []
    for match in _WORD.finditer(text):
        words.append((" " if match.group(1) and words else "") + match.group(2))
    return words


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _folded(text: str) -> str:
    return _normalised(text).casefold()


def _compare(
    old_clauses: Sequence[ClauseText],
    new_clauses: Sequence[ClauseText],
    *,
    old_version: int | None = None,
    new_version: int | None = None,
) -> PolicyDiff:
    old_left = list(range(len(old_clauses)))
    new_left = list(range(len(new_clauses)))
    pairs: list[tuple[int, int]] = []

    def number(clause: ClauseText) -> str:
        return canonical_number(clause[0])

    def pair_by(same: Callable[[ClauseText, ClauseText], bool]) -> None:
        # Pairs in document order, so a number printed twice (the model policy has two 2.3s)
        # pairs first with first and second with second.
        for j in list(new_left):
            for i in old_left:
                if same(old_clauses[i], new_clauses[j]):
                    pairs.append((i, j))
                    old_left.remove(i)
                    new_left.remove(j)
                    break

    # Most specific first: the same clause untouched; then one that kept its heading, at its
    # number or a new one; then one that kept its wording under a new number (imported clauses
    # often have no heading); and last whatever now stands at the old number.
    pair_by(
        lambda a, b: (
            number(a) == number(b)
            and _normalised(a[1]) == _normalised(b[1])
            and _words(a[2]) == _words(b[2])
        )
    )
    pair_by(
        lambda a, b: (
            bool(a[1].strip()) and number(a) == number(b) and _folded(a[1]) == _folded(b[1])
        )
    )
    pair_by(lambda a, b: bool(a[1].strip()) and _folded(a[1]) == _folded(b[1]))
    pair_by(lambda a, b: bool(a[2].strip()) and _words(a[2]) == _words(b[2]))
    pair_by(lambda a, b: number(a) == number(b))

    changes: list[tuple[int, ClauseChange]] = []  # with its place in its own version, for ties
    unchanged = 0
    for i, j in sorted(pairs, key=lambda pair: pair[1]):
        old, new = old_clauses[i], new_clauses[j]
        same_words = _words(old[2]) == _words(new[2])
        same_heading = _normalised(old[1]) == _normalised(new[1])
        if same_words and same_heading and number(old) == number(new):
            unchanged += 1
        elif same_words and same_heading:
            changes.append((j, ClauseChange(ChangeKind.RENUMBERED, old, new)))
        else:
            words = () if same_words else word_difference(old[2], new[2])
            changes.append((j, ClauseChange(ChangeKind.CHANGED, old, new, words)))
    changes += [(i, ClauseChange(ChangeKind.REMOVED, old_clauses[i], None)) for i in old_left]
    changes += [(j, ClauseChange(ChangeKind.ADDED, None, new_clauses[j])) for j in new_left]
    # Removed before added at the same number, so a replaced clause reads as out, then in.
    rank = {ChangeKind.REMOVED: 0, ChangeKind.CHANGED: 1, ChangeKind.RENUMBERED: 1}
    changes.sort(key=lambda c: (clause_order(c[1].number), rank.get(c[1].kind, 2), c[0]))
    return PolicyDiff(
        old_version=old_version,
        new_version=new_version,
        changes=tuple(change for _, change in changes),
        unchanged=unchanged,
    )
