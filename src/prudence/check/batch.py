"""Posts read from JSON Lines, one per line, as the checker contract defines them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from prudence.check.post import Audience, Channel, Post

E = TypeVar("E", bound=StrEnum)
_FIELDS = {"id", "text", "channel", "audience", "recipient", "images"}


class PostError(ValueError):
    """A post that cannot be checked; says which field is wrong and why."""


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line of a batch that could not be read, with the id it claimed if any."""

    line: int
    post_id: str | None
    error: str


def _choice(raw: dict[str, Any], field: str, kind: type[E], default: E) -> E:
    """An enumerated field's value, or PostError listing the values allowed."""
    try:
        return kind(raw.get(field, default.value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise PostError(f"unknown {field} {raw.get(field)!r}; use {allowed}") from None


def parse_post(raw: Any) -> Post:
    """A Post from one decoded JSON object; PostError names the field at fault."""
    if not isinstance(raw, dict):
        raise PostError("expected a JSON object")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise PostError(f"unknown field {unknown[0]!r}; the fields are {sorted(_FIELDS)}")
    if "id" not in raw or not isinstance(raw["id"], str | int) or isinstance(raw["id"], bool):
        raise PostError("`id` is required and must be a string")
    if not isinstance(raw.get("text"), str):
        raise PostError("`text` is required and must be a string")
    images = raw.get("images") or []
    if not isinstance(images, list) or not all(isinstance(i, str) for i in images):
        raise PostError("`images` must be a list of file paths")
    if not raw["text"].strip() and not images:
        raise PostError("`text` is empty and there are no images")
    recipient = raw.get("recipient")
    if recipient is not None and not isinstance(recipient, str):
        raise PostError("`recipient` must be a string")
    channel = _choice(raw, "channel", Channel, Channel.PERSONAL)
    audience = _choice(raw, "audience", Audience, Audience.PUBLIC)
    return Post(
        id=str(raw["id"]),
        text=raw["text"],
        channel=channel,
        audience=audience,
        recipient=recipient,
        images=tuple(images),
    )


def parse_post_line(line: bytes | str, number: int, file: str) -> Post | BadLine:
    """One JSONL line as a Post, or a BadLine naming file and line that keeps the batch going."""
    where = f"{file}:{number}"
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = line[error.start]
            message = f"{where}: not valid UTF-8 (byte 0x{byte:02x} at column {error.start + 1})"
            return BadLine(number, None, message)
    if number == 1:
        line = line.removeprefix("\ufeff")
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        return BadLine(
            number, None, f"{where}: not valid JSON ({error.msg} at column {error.colno})"
        )
    claimed = raw.get("id") if isinstance(raw, dict) else None
    try:
        return parse_post(raw)
    except PostError as error:
        return BadLine(number, None if claimed is None else str(claimed), f"{where}: {error}")
