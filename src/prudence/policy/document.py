"""Recovers the numbered clauses of a policy document from its plain text.

Policies reach schools as Word files and PDFs. Once turned into text they carry page furniture
(link targets repeated at page breaks, page numbers, running headers), bullets whose glyph was
lost, sentences broken by stray blank lines and numbered lists under a clause. This module turns
such text back into clauses, each with its number, its own heading if it has one, its whole text
and the line it starts on.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from prudence.policy.clause import canonical_number

# Lines are matched with their trailing spaces removed, so no pattern needs to skip them (a lazy
# match followed by `\s*$` is quadratic on a long line).
_CLAUSE = re.compile(r"^\s*(?P<number>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?:\s+(?P<rest>\S.*))?$")
_ITEM = re.compile(r"^\s*(?P<number>\d{1,2})[.)]\s+(?P<rest>\S.*)$")
_URL_ONLY = re.compile(r"^\s*(?P<url>(?:https?://|www\.)\S+)\s*$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|-\s*\d+\s*-)\s*$", re.IGNORECASE
)
_METADATA = re.compile(
    r"^\s*(?P<key>date of original|date of (?:issue|approval|adoption)|revisions?|"
    r"review(?:ed)? date|next review(?: date)?|date of next review|last reviewed|approved by|"
    r"version)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# Bullet glyphs as they survive conversion to text, including Symbol-font private-use points.
_BULLET = re.compile(
    r"^\s*(?P<glyph>[•●▪■►➢✓\-*\uf0b7\uf0a7\uf0d8\uf076\uf0fc]|o|◦)\s+(?P<rest>\S.*)$"
)
_SUB_BULLET_GLYPHS = {"o", "◦", "\uf0a7"}


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    SUB_BULLET = "sub-bullet"


@dataclass
class _Block:
    kind: BlockKind
    text: str

    def extend(self, line: str) -> None:
        """Joins a wrapped line, mending words and links split at the line end."""
        line = line.strip()
        if not self.text:
            self.text = line
        elif re.search(r"(?:[A-Za-z]-|/)$", self.text) and _ends_with_link_or_word(self.text):
            self.text += line
        else:
            self.text += " " + line


def _ends_with_link_or_word(text: str) -> bool:
    last = text.rsplit(" ", 1)[-1]
    # A hyphen after a letter ends a split word (school-/endorsed); a slash ends a split link.
    return last.endswith("-") or last.lower().startswith(("http", "www."))


@dataclass
class ImportedClause:
    """A numbered clause as a school's own document prints it."""

    number: str
    heading: str | None
    line: int
    blocks: list[_Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        rendered = []
        for block in self.blocks:
            body = " ".join(block.text.split())
            if not body:
                continue
            if block.kind is BlockKind.BULLET:
                body = "• " + body
            elif block.kind is BlockKind.SUB_BULLET:
                body = "  ◦ " + body
            rendered.append(body)
        return "\n".join(rendered)

    @property
    def depth(self) -> int:
        return canonical_number(self.number).count(".")

    def as_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "heading": self.heading,
            "text": self.text,
            "line": self.line,
        }


class ProblemCode(StrEnum):
    DUPLICATE_NUMBER = "duplicate-number"
    SKIPPED_NUMBER = "skipped-number"


@dataclass(frozen=True)
class NumberingProblem:
    """Two clauses sharing a number, or a number missing from a sequence."""

    code: ProblemCode
    line: int
    number: str
    message: str


@dataclass
class PolicyDocument:
    """What was recovered from a policy document."""

    title: str | None
    clauses: list[ImportedClause]
    metadata: dict[str, tuple[str, int]]
    furniture_lines: frozenset[int]
    problems: list[NumberingProblem]

    def numbered(self, number: str) -> list[ImportedClause]:
        wanted = canonical_number(number)
        return [c for c in self.clauses if canonical_number(c.number) == wanted]


def _normalised_link(url: str) -> str:
    url = re.sub(r"^(?:https?://)", "", url.strip().lower())
    return url.rstrip("/.")


def find_furniture(lines: list[str]) -> frozenset[int]:
    """Indexes of lines that belong to the page rather than the policy."""
    url_lines = {i: m.group("url") for i, line in enumerate(lines) if (m := _URL_ONLY.match(line))}
    # Links in the body, with links broken across lines joined up, and spaces removed.
    body = "".join(line.strip() for i, line in enumerate(lines) if i not in url_lines).lower()
    body = re.sub(r"\s+", "", body)
    repeats = Counter(_normalised_link(u) for u in url_lines.values())
    furniture = {
        i
        for i, url in url_lines.items()
        if repeats[_normalised_link(url)] > 1 or _normalised_link(url) in body
    }
    furniture |= {i for i, line in enumerate(lines) if _PAGE_NUMBER.match(line)}
    # Running headers and footers: the same short line on three or more pages.
    counts = Counter(line.strip() for line in lines if line.strip())
    for i, line in enumerate(lines):
        stripped = line.strip()
        if (
            counts[stripped] >= 3
            and len(stripped) < 80
            and not _CLAUSE.match(line)
            and not _ITEM.match(line)
            and not _BULLET.match(line)
        ):
            furniture.add(i)
    return frozenset(furniture)


def _looks_like_heading(rest: str) -> bool:
    letters = [c for c in rest.split("[", 1)[0] if c.isalpha()]
    if not letters:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.8


def _split_heading(rest: str) -> tuple[str, str]:
    """`USE OF SCHOOL SITES [include this only if…]` -> heading, remaining text."""
    bracket = rest.find("[")
    if bracket > 0:
        return rest[:bracket].strip(), rest[bracket:].strip()
    return rest.strip(), ""


def _short_title(rest: str) -> bool:
    words = rest.split()
    return 0 < len(words) <= 8 and not re.search(r"[.,;:]$", rest) and rest[0].isupper()


def parse_policy_text(text: str) -> PolicyDocument:
    """Recovers the numbered clauses of a policy from its text, in document order."""
    lines = [line.rstrip() for line in text.replace("\f", "\n").splitlines()]
    furniture = find_furniture(lines)
    clauses: list[ImportedClause] = []
    metadata: dict[str, tuple[str, int]] = {}
    title: str | None = None
    anchor: ImportedClause | None = None  # the clause that numbered items belong to
    current: ImportedClause | None = None
    in_trailer = False
    blank_before = True
    block_ended = True  # the last block ended a sentence or a list entry

    def start_clause(number: str, heading: str | None, line_no: int, rest: str) -> ImportedClause:
        clause = ImportedClause(number=number, heading=heading, line=line_no)
        if rest:
            clause.blocks.append(_Block(BlockKind.PARAGRAPH, rest))
        clauses.append(clause)
        return clause

    for index, raw in enumerate(lines):
        line_no = index + 1
        if index in furniture:
            continue
        if not raw.strip():
            blank_before = True
            continue

        clause_match = _CLAUSE.match(raw)
        item_match = _ITEM.match(raw)
        meta_match = _METADATA.match(raw)
        if meta_match and not clause_match:
            key = meta_match.group("key").lower()
            metadata.setdefault(key, (meta_match.group("value"), line_no))
            in_trailer = True
            current = None
        elif clause_match and _plausible_next(clause_match.group("number"), clauses):
            number = clause_match.group("number")
            rest = clause_match.group("rest") or ""
            heading: str | None = None
            if _looks_like_heading(rest) or (number.endswith(".0") and _short_title(rest)):
                heading, rest = _split_heading(rest)
            current = start_clause(number, heading or None, line_no, rest)
            anchor = current
            in_trailer = False
        elif item_match and _is_section_title(item_match, lines, index):
            rest = item_match.group("rest")
            current = start_clause(item_match.group("number"), rest.strip(), line_no, "")
            anchor = current
            in_trailer = False
        elif item_match and anchor is not None and not in_trailer:
            rest = item_match.group("rest")
            number = f"{canonical_number(anchor.number)}.{int(item_match.group('number'))}"
            current = start_clause(number, None, line_no, rest)
        elif current is None:
            if not clauses and title is None and not in_trailer:
                title = raw.strip()
        else:
            bullet = _BULLET.match(raw)
            # A bullet whose glyph was lost in conversion: indented, after a blank line, and
            # opening a sentence or following one that ended.
            lost_glyph = (
                raw[:1].isspace()
                and blank_before
                and (
                    raw.lstrip()[:1].isupper()
                    or block_ended
                    or (bool(current.blocks) and current.blocks[-1].kind is BlockKind.BULLET)
                )
            )
            after_list = (
                bool(current.blocks)
                and current.blocks[-1].kind is not BlockKind.PARAGRAPH
                and blank_before
                and not raw[:1].isspace()
                and raw[:1].isupper()
            )
            if bullet:
                kind = (
                    BlockKind.SUB_BULLET
                    if bullet.group("glyph") in _SUB_BULLET_GLYPHS
                    else BlockKind.BULLET
                )
                current.blocks.append(_Block(kind, bullet.group("rest")))
            elif lost_glyph:
                current.blocks.append(_Block(BlockKind.BULLET, raw.strip()))
            elif (
                (blank_before and block_ended and raw.lstrip()[:1].isupper())
                or after_list
                or not current.blocks
            ):
                current.blocks.append(_Block(BlockKind.PARAGRAPH, raw.strip()))
            else:
                current.blocks[-1].extend(raw)
        if current is not None and current.blocks:
            block_ended = bool(re.search(r"[.;:!?)]$", current.blocks[-1].text.rstrip()))
        blank_before = False

    return PolicyDocument(
        title=title,
        clauses=clauses,
        metadata=metadata,
        furniture_lines=frozenset(i + 1 for i in furniture),
        problems=numbering_problems(clauses),
    )


def _is_section_title(match: re.Match[str], lines: list[str], index: int) -> bool:
    """`2. Who this covers` heads section 2 when the next numbered clause is 2.1, 2.2…"""
    if not (_short_title(match.group("rest")) or _looks_like_heading(match.group("rest"))):
        return False
    for later in lines[index + 1 :]:
        if clause := _CLAUSE.match(later):
            return clause.group("number").split(".")[0] == match.group("number")
        if _ITEM.match(later):
            return False
    return False


def _plausible_next(number: str, clauses: list[ImportedClause]) -> bool:
    """Guards against a wrapped line that happens to begin with a decimal, such as `4.5 million`."""
    if not clauses:
        return True
    previous = int(canonical_number(clauses[-1].number).split(".")[0])
    top = int(canonical_number(number).split(".")[0])
    return previous <= top <= previous + 2


def numbering_problems(clauses: list[ImportedClause]) -> list[NumberingProblem]:
    """Numbers used twice, and gaps in each run of sibling clauses."""
    problems: list[NumberingProblem] = []
    first_seen: dict[str, ImportedClause] = {}
    last_child: dict[str, int] = {}
    for clause in clauses:
        number = canonical_number(clause.number)
        if number in first_seen:
            problems.append(
                NumberingProblem(
                    code=ProblemCode.DUPLICATE_NUMBER,
                    line=clause.line,
                    number=clause.number,
                    message=(
                        f"Two different clauses are numbered {clause.number}: "
                        f"line {first_seen[number].line} and line {clause.line}."
                    ),
                )
            )
            continue
        first_seen[number] = clause
        parent, index = _parent_and_index(number)
        expected = last_child.get(parent, 0) + 1
        if index > expected:
            missing = ", ".join(_sibling(parent, n) for n in range(expected, index))
            problems.append(
                NumberingProblem(
                    code=ProblemCode.SKIPPED_NUMBER,
                    line=clause.line,
                    number=clause.number,
                    message=f"Clause {clause.number} follows a gap: {missing} is missing.",
                )
            )
        last_child[parent] = max(index, last_child.get(parent, 0))
    return problems


def _parent_and_index(number: str) -> tuple[str, int]:
    parts = number.split(".")
    if len(parts) == 2 and parts[1] == "0":
        return "", int(parts[0])
    if len(parts) == 2:
        return parts[0], int(parts[1])
    return ".".join(parts[:-1]), int(parts[-1])


def _sibling(parent: str, index: int) -> str:
    return f"{index}.0" if parent == "" else f"{parent}.{index}"
