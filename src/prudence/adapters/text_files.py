"""Reads text files as schools produce them: UTF-8, UTF-8 with a BOM, UTF-16 or Windows-1252."""

from __future__ import annotations

import codecs
from pathlib import Path

from prudence.school.problems import InputError, InputProblem

# Management systems and Excel on Windows still export Windows-1252; it is the usual fallback.
_FALLBACK = "cp1252"


def decode_text(data: bytes, file: str) -> str:
    """The text of a file's bytes, whatever common encoding it came in; names the bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as first:
        if encoding != "utf-8":
            raise InputError([_problem(data, first.start, file, encoding)]) from None
    try:
        return data.decode(_FALLBACK)
    except UnicodeDecodeError as error:
        raise InputError([_problem(data, error.start, file, "UTF-8 or Windows-1252")]) from None


def _problem(data: bytes, offset: int, file: str, encoding: str) -> InputProblem:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return InputProblem(
        file, line, column, f"byte 0x{data[offset]:02x} is not valid {encoding} text"
    )


def read_text(path: Path, max_bytes: int = 20_000_000) -> str:
    """Reads a text file, refusing what is missing, empty, binary or too large to be a policy."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(
            [InputProblem(name, None, None, error.strerror or "cannot be read")]
        ) from None
    if size > max_bytes:
        raise InputError(
            [InputProblem(name, None, None, f"is {size:,} bytes; the limit is {max_bytes:,}")]
        )
    data = path.read_bytes()
    if not data.strip():
        raise InputError([InputProblem(name, None, None, "the file is empty")])
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError([InputProblem(name, None, None, "is a binary file, not text")])
    return decode_text(data, name)
