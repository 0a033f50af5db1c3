"""The audit log's hash chain: each entry seals the one before it, so an edited or deleted entry
breaks the chain where it happened.

An entry's hash is SHA-256 over the previous entry's hash and the entry's own fields in a fixed,
canonical JSON form. Verifying recomputes every hash in order and checks each entry names its
predecessor's; the first break is reported with what is wrong.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64  # what the first entry names as its predecessor

# Stable event codes: the README lists every one, and a test holds it to this list.
EVENTS: dict[str, str] = {
    "account.signed_in": "a person signed in",
    "account.sign_in_refused": "a sign-in was refused: a wrong password or an unknown account",
    "account.signed_out": "a person signed out",
    "account.created": "an account was created",
    "account.deactivated": "an account was switched off: that person can no longer sign in",
    "people.imported": "a roster of pupils or staff was imported",
    "school.settings_changed": "the school's settings or policy choices were changed",
    "school.logo_changed": "the school's logo was replaced",
    "advice.requested": "a colleague asked for advice about a post and it was kept for that",
    "advice.read": "a request for advice, which holds a colleague's post, was read",
    "audit.read": "the audit log was read",
    "concern.reported": "a concern was reported, by a colleague or through the public form",
    "concern.read": "a concern's record was opened",
    "concerns.listed": "the list of concerns a person may see was shown to them",
    "concern.triaged": "a concern was triaged: the three safeguarding questions and the routes",
    "allegation.referred_to_lado": "an allegation's referral to the LADO was recorded",
    "allegation.escalated": "an allegation's LADO clock ran out; the head and the chair were told",
    "allegation.outcome_recorded": "an allegation's outcome was recorded, with how long it is kept",
    "allegation.purged": "an allegation's record was deleted because its retention period ended",
    "evidence.attached": "a file was attached to a concern as evidence",
    "evidence.read": "a file attached to a concern was opened",
    "concern.exported_for_lado": "a concern was exported for a referral to the LADO",
    "subject_access.exported": "what is held about a person was exported for their access request",
    "policy.published": "a version of the school's policy was published",
    "policy.acknowledged": "a person acknowledged that they have read the current policy",
    "channel.registered": "a school-sponsored channel was added to the register",
    "channel.publisher_added": "a colleague was given publishing rights, with their undertaking",
    "channel.post_moved": "a post for a school channel was checked, approved, published or revised",
    "channel.post_removed": "a published post was removed for a breach and its publisher suspended",
    "governors_report.read": "the governors' report was prepared for someone",
    "declaration.made": "a colleague declared a relationship with a pupil or a difficulty",
    "declaration.decided": "a declaration was approved with conditions or refused, with reasons",
    "declarations.listed": "the school's declarations were shown to the lead who decides them",
}


@dataclass(frozen=True)
class AuditEntry:
    """One event: who acted, on what, when, from where, and what changed."""

    sequence: int
    at: str  # ISO 8601, UTC, with its offset
    school: str | None
    actor: str | None  # who acted: an account's email, or None for the system
    event: str
    subject: str  # what it was about
    detail: Mapping[str, Any]  # old and new values, counts, reasons
    origin: str | None  # where from: the client's address
    previous: str
    digest: str

    def fields(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "at": self.at,
            "school": self.school,
            "actor": self.actor,
            "event": self.event,
            "subject": self.subject,
            "detail": dict(self.detail),
            "origin": self.origin,
        }


def seal(previous: str, fields: Mapping[str, Any]) -> str:
    """The hash of an entry given its predecessor's hash and its own fields."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    problem: str


def verify(entries: Iterable[AuditEntry]) -> list[ChainBreak]:
    """Every place the chain is broken, in order; empty when the log is intact."""
    breaks: list[ChainBreak] = []
    previous, expected_sequence = GENESIS, 1
    for entry in entries:
        if entry.sequence != expected_sequence:
            missing = entry.sequence - expected_sequence
            breaks.append(
                ChainBreak(
                    entry.sequence,
                    f"{missing} entr{'y' if missing == 1 else 'ies'} before it missing "
                    f"(expected entry {expected_sequence})",
                )
            )
        if entry.previous != previous:
            breaks.append(ChainBreak(entry.sequence, "it does not follow the entry before it"))
        if seal(entry.previous, entry.fields()) != entry.digest:
            breaks.append(
                ChainBreak(entry.sequence, "its contents were changed after it was written")
            )
        previous, expected_sequence = entry.digest, entry.sequence + 1
    return breaks
