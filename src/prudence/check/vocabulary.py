"""Word lists from the package's data, compiled once into patterns the detectors share."""

from __future__ import annotations

import re
from functools import cache

from prudence.check.post import Span
from prudence.policy.catalogue import package_yaml


@cache
def _school_words() -> dict[str, object]:
    data: dict[str, object] = package_yaml("school_words.yaml")
    return data


def folded(pattern: object) -> str:
    """A regular expression written over several lines of YAML, as one line."""
    return "".join(str(pattern).split("\n")).replace("| ", "|")


def alternation(words: object) -> str:
    """A regex alternation of words and phrases, longest first: spaces match any whitespace and
    an apostrophe matches a curly one or none ("couldn't", "couldn\u2019t", "couldnt")."""
    assert isinstance(words, list)
    escaped = (re.escape(str(w)).replace(r"\ ", r"\s+").replace("'", "['\\u2019]?") for w in words)
    return "|".join(sorted(escaped, key=len, reverse=True))


# What a letter may be written as to get past a filter: a symbol, or a look-alike digit.
_MASK_CHARACTERS = "*#@$%!_"
_LOOKALIKES = {"a": "4@", "e": "3", "i": "1!|", "o": "0", "s": "5$", "t": "7", "g": "9"}


def disguised(word: str) -> str:
    """A pattern for a word with any letter but the first masked: "r*tard", "f@gg0t"."""
    parts = [re.escape(word[0])]
    for letter in word[1:]:
        if letter == " ":
            parts.append(r"\s+")
        elif letter == "'":
            parts.append("['\\u2019]?")
        elif letter.isalpha():
            masks = re.escape(_MASK_CHARACTERS + _LOOKALIKES.get(letter.lower(), ""))
            parts.append(f"[{re.escape(letter)}{masks}]")
        else:
            parts.append(re.escape(letter))
    return "".join(parts)


def disguised_words(words: object) -> re.Pattern[str]:
    """Whole words and phrases, longest first, each also found with its letters masked."""
    assert isinstance(words, list)
    patterns = sorted((disguised(str(w)) for w in words), key=len, reverse=True)
    edge = rf"[\w{re.escape(_MASK_CHARACTERS)}]"  # a masked word runs on through its masks
    return re.compile(rf"(?<!{edge})(?:{'|'.join(patterns)})(?!{edge})", re.IGNORECASE)


@cache
def school_context() -> re.Pattern[str]:
    """Words that place a sentence in school life: class, pupils, Year 5, the nativity…"""
    words = _school_words()
    return re.compile(
        rf"(?<!\w)(?:{alternation(words['school_context'])})(?!\w)|{words['year_groups']}",
        re.IGNORECASE,
    )


@cache
def workplace() -> re.Pattern[str]:
    """Words of the workplace: staff, governors, the trust, HR…"""
    return re.compile(rf"(?<!\w)(?:{alternation(_school_words()['workplace'])})(?!\w)", re.I)


@cache
def photo_words() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation(_school_words()['photo_words'])})(?!\w)", re.I)


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding text[start:end]."""
    for match in _SENTENCE.finditer(text):
        if match.start() <= start < match.end() or match.start() < end <= match.end():
            return match.start(), match.end()
    return 0, len(text)


def sentences(text: str) -> list[Span]:
    """The text's sentences (or lines), trimmed of surrounding space, in order."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start, end, text[start:end]))
    return spans
