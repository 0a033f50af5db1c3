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


def alternation(words: object) -> str:
    """A regex alternation of words and phrases: longest first, spaces matching any whitespace."""
    assert isinstance(words, list)
    escaped = (re.escape(str(w)).replace(r"\ ", r"\s+") for w in words)
    return "|".join(sorted(escaped, key=len, reverse=True))


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
