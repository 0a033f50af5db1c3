"""The web app's use cases: schools, accounts, sign-in, rosters, settings and requests for advice.

Each use case opens its own transaction and writes its audit entry in it, so a change and its
record stand or fall together. Every query is scoped to one school.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from prudence.adapters import audit_store
from prudence.adapters.database import (
    AccountRecord,
    AdviceRequestRecord,
    RosterRecord,
    SchoolRecord,
)
from prudence.adapters.text_files import decode_text
from prudence.check.post import Post, Report
from prudence.school.people import Permission, Role, permissions
from prudence.school.problems import InputError, InputProblem
from prudence.school.profile import PolicyChoices, ReportsTo, School, SchoolProfile
from prudence.school.roster import parse_pupils, parse_staff

Sessions = sessionmaker[Session]
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("a password no account has")  # equal work for unknown accounts
MAX_ROSTER_BYTES = 5_000_000
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


class Refused(Exception):
    """An action the person may not take, or input that cannot be used; the message says why."""


@dataclass(frozen=True)
class Account:
    """A signed-in person, as the web app knows them."""

    id: int
    school_id: int
    school_slug: str
    school_name: str
    email: str
    name: str
    roles: tuple[Role, ...]

    def may(self, permission: Permission) -> bool:
        return permission in permissions(self.roles)


@dataclass(frozen=True)
class Where:
    """Who is acting, from where, and when: what every audit entry records."""

    account: Account | None
    origin: str | None
    now: datetime


def _account(record: AccountRecord) -> Account:
    return Account(
        id=record.id,
        school_id=record.school_id,
        school_slug=record.school.slug,
        school_name=record.school.name,
        email=record.email,
        name=record.name,
        roles=tuple(Role(r) for r in record.roles),
    )


def audit_event(session: Session, where: Where, event: str, subject: str, **detail: Any) -> None:
    account = where.account
    audit_store.record(
        session,
        event,
        subject,
        now=where.now,
        school=account.school_slug if account else detail.pop("school", None),
        actor=account.email if account else detail.pop("actor", None),
        origin=where.origin,
        detail=detail,
    )


def signed_in(where: Where) -> Account:
    """The acting account; a use case that needs one refuses without it."""
    if where.account is None:
        raise Refused("sign in first")
    return where.account


def person_id(account_id: int) -> str:
    """How the pure core names a person who has an account."""
    return f"account:{account_id}"


def _require(where: Where, permission: Permission) -> Account:
    if where.account is None or not where.account.may(permission):
        raise Refused(f"you need permission to {permission.value}")
    return where.account


# --- schools and accounts ---------------------------------------------------------------------


def create_school(
    sessions: Sessions, slug: str, profile: SchoolProfile, rosters: dict[str, str], now: datetime
) -> int:
    """A school from a profile and its pupil and staff exports (the demo and new deployments)."""
    if not _SLUG.match(slug):
        raise Refused(f"{slug!r} is not a usable short name: lower-case letters, digits and -")
    with sessions.begin() as session:
        school = SchoolRecord(
            slug=slug,
            name=profile.school.name,
            aliases=list(profile.school.aliases),
            website=profile.school.website,
            social_handles=list(profile.school.social_handles),
            local_authority=profile.school.local_authority,
            confidential_terms=list(profile.confidential_terms),
            reports_to=profile.choices.reports_to.value if profile.choices.reports_to else None,
            school_channels=profile.choices.school_channels,
            lado_contact=profile.choices.lado_contact,
            review_date=profile.choices.review_date,
        )
        session.add(school)
        session.flush()
        for kind, text in rosters.items():
            rows = len(_parse(kind, text))
            session.add(RosterRecord(school_id=school.id, kind=kind, csv_text=text, rows=rows))
        return school.id


def add_account(
    sessions: Sessions,
    school_id: int,
    email: str,
    name: str,
    password: str | None,
    roles: Sequence[Role],
    where: Where,
) -> int:
    if password is not None and len(password) < 12:
        raise Refused("a password needs at least 12 characters")
    with sessions.begin() as session:
        school = session.get(SchoolRecord, school_id)
        if school is None:
            raise Refused("no such school")
        record = AccountRecord(
            school_id=school_id,
            email=email.strip().lower(),
            name=name.strip(),
            password_hash=_HASHER.hash(password) if password else None,
            roles=[r.value for r in roles] or [Role.COLLEAGUE.value],
        )
        session.add(record)
        session.flush()
        audit_store.record(
            session,
            "account.created",
            record.email,
            now=where.now,
            school=school.slug,
            actor=where.account.email if where.account else None,
            origin=where.origin,
            detail={"roles": record.roles},
        )
        return record.id


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def add_colleague_account(
    sessions: Sessions,
    email: str,
    name: str,
    password: str | None,
    roles: Sequence[Role],
    where: Where,
) -> int:
    """An administrator adds someone who signs in at their own school."""
    account = _require(where, Permission.MANAGE_PEOPLE)
    if not _EMAIL.match(email.strip()):
        raise Refused(f"{email!r} is not an email address")
    if not name.strip():
        raise Refused("enter the person's name")
    with sessions() as session:
        taken = session.scalars(
            select(AccountRecord).where(
                AccountRecord.school_id == account.school_id,
                AccountRecord.email == email.strip().lower(),
            )
        ).first()
    if taken is not None:
        raise Refused(f"{email.strip().lower()} already has an account here")
    return add_account(sessions, account.school_id, email, name, password or None, roles, where)


def deactivate_account(sessions: Sessions, email: str, where: Where) -> None:
    """Switches off someone's sign-in at the school; their records stay, as retention requires."""
    account = _require(where, Permission.MANAGE_PEOPLE)
    address = email.strip().lower()
    if address == account.email:
        raise Refused("you cannot switch off your own account")
    with sessions.begin() as session:
        record = session.scalars(
            select(AccountRecord).where(
                AccountRecord.school_id == account.school_id,
                AccountRecord.email == address,
                AccountRecord.active,
            )
        ).first()
        if record is None:
            raise Refused(f"there is no active account for {address} here")
        record.active = False
        audit_event(session, where, "account.deactivated", address)


@dataclass(frozen=True)
class AccountSummary:
    email: str
    name: str
    roles: tuple[Role, ...]
    signs_in_with: str


def school_accounts(sessions: Sessions, where: Where) -> list[AccountSummary]:
    account = _require(where, Permission.MANAGE_PEOPLE)
    with sessions() as session:
        records = session.scalars(
            select(AccountRecord)
            .where(AccountRecord.school_id == account.school_id, AccountRecord.active)
            .order_by(AccountRecord.name)
        )
        return [
            AccountSummary(
                r.email,
                r.name,
                tuple(Role(x) for x in r.roles),
                "a password" if r.password_hash else "the school's account",
            )
            for r in records
        ]


def sign_in(sessions: Sessions, email: str, password: str, where: Where) -> Account | None:
    """The account whose email and password these are, or None; both outcomes are audited."""
    address = email.strip().lower()
    with sessions.begin() as session:
        candidates = session.scalars(
            select(AccountRecord).where(AccountRecord.email == address, AccountRecord.active)
        ).all()
        matched = None
        for record in candidates or []:
            try:
                if record.password_hash and _HASHER.verify(record.password_hash, password):
                    matched = record
                    break
            except (VerificationError, InvalidHashError):
                continue
        if not candidates:
            with suppress(VerificationError):  # the same work whether or not the account exists
                _HASHER.verify(_DUMMY_HASH, password)
        if matched is None:
            school = candidates[0].school.slug if candidates else None
            audit_store.record(
                session,
                "account.sign_in_refused",
                address,
                now=where.now,
                school=school,
                origin=where.origin,
            )
            return None
        if _HASHER.check_needs_rehash(matched.password_hash or ""):
            matched.password_hash = _HASHER.hash(password)
        account = _account(matched)
        audit_event(session, Where(account, where.origin, where.now), "account.signed_in", address)
        return account


@dataclass(frozen=True)
class SingleSignOn:
    """A school's OpenID Connect provider: its Microsoft 365 or Google Workspace tenant."""

    slug: str
    school_name: str
    provider: str  # what the button says: "Microsoft 365", "Google Workspace"
    issuer: str
    client_id: str
    client_secret: str

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


SSO_PROVIDERS = {
    "Microsoft 365": "https://login.microsoftonline.com/{tenant}/v2.0",
    "Google Workspace": "https://accounts.google.com",
}


def single_sign_ons(sessions: Sessions) -> list[SingleSignOn]:
    """Every school that signs its people in through its own provider."""
    with sessions() as session:
        schools = session.scalars(
            select(SchoolRecord)
            .where(SchoolRecord.sso_issuer.is_not(None))
            .order_by(SchoolRecord.name)
        )
        return [
            SingleSignOn(
                s.slug,
                s.name,
                s.sso_provider or "your school's account",
                s.sso_issuer or "",
                s.sso_client_id or "",
                s.sso_client_secret or "",
            )
            for s in schools
            if s.sso_client_id
        ]


def configure_single_sign_on(
    sessions: Sessions,
    provider: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    where: Where,
) -> None:
    """Sets (or, with an empty issuer, removes) the school's OpenID Connect provider."""
    account = _require(where, Permission.EDIT_SETTINGS)
    if issuer and not issuer.startswith("https://") and not issuer.startswith("http://127.0.0.1"):
        raise Refused("the provider's address (issuer) must start with https://")
    with sessions.begin() as session:
        record = session.get(SchoolRecord, account.school_id)
        assert record is not None
        issuer = issuer.strip()
        record.sso_issuer = issuer or None
        record.sso_provider = (provider.strip() or None) if issuer else None
        record.sso_client_id = (client_id.strip() or None) if issuer else None
        if client_secret or not issuer:  # a blank secret on the form keeps the one stored
            record.sso_client_secret = client_secret or None
        audit_event(
            session,
            where,
            "school.settings_changed",
            record.slug,
            changes={
                "single sign-on": {
                    "new": {"provider": record.sso_provider, "issuer": record.sso_issuer}
                }
            },
        )


def sign_in_by_provider(
    sessions: Sessions, slug: str, email: str | None, verified: bool, where: Where
) -> Account | None:
    """The school's account for an address its own provider vouched for, or None (audited)."""
    address = (email or "").strip().lower()
    with sessions.begin() as session:
        school = session.scalars(select(SchoolRecord).where(SchoolRecord.slug == slug)).first()
        record = None
        if school is not None and address and verified:
            record = session.scalars(
                select(AccountRecord).where(
                    AccountRecord.school_id == school.id,
                    AccountRecord.email == address,
                    AccountRecord.active,
                )
            ).first()
        if record is None:
            audit_store.record(
                session,
                "account.sign_in_refused",
                address or "(no email from the provider)",
                now=where.now,
                school=slug,
                origin=where.origin,
                detail={"via": "single sign-on", "email_verified": verified},
            )
            return None
        account = _account(record)
        audit_event(
            session,
            Where(account, where.origin, where.now),
            "account.signed_in",
            address,
            via="single sign-on",
        )
        return account


def account_by_id(sessions: Sessions, account_id: int) -> Account | None:
    with sessions() as session:
        record = session.get(AccountRecord, account_id)
        return _account(record) if record is not None and record.active else None


def record_sign_out(sessions: Sessions, where: Where) -> None:
    with sessions.begin() as session:
        if where.account:
            audit_event(session, where, "account.signed_out", where.account.email)


# --- the school's profile, as the checker needs it ----------------------------------------------


def _parse(kind: str, text: str) -> list[Any]:
    if kind == "pupils":
        return list(parse_pupils(text, "pupils.csv"))
    if kind == "staff":
        return list(parse_staff(text, "staff.csv"))
    raise Refused(f"unknown roster {kind!r}: pupils or staff")


def school_profile(sessions: Sessions, school_id: int) -> SchoolProfile:
    with sessions() as session:
        school = session.get(SchoolRecord, school_id)
        if school is None:
            raise Refused("no such school")
        rosters = {
            r.kind: r.csv_text
            for r in session.scalars(
                select(RosterRecord).where(RosterRecord.school_id == school_id)
            )
        }
    return SchoolProfile(
        school=School(
            name=school.name,
            aliases=tuple(school.aliases),
            website=school.website,
            social_handles=tuple(school.social_handles),
            local_authority=school.local_authority,
        ),
        choices=PolicyChoices(
            reports_to=ReportsTo(school.reports_to) if school.reports_to else None,
            school_channels=school.school_channels,
            lado_contact=school.lado_contact,
            review_date=school.review_date,
        ),
        pupils=tuple(_parse("pupils", rosters["pupils"])) if "pupils" in rosters else (),
        staff=tuple(_parse("staff", rosters["staff"])) if "staff" in rosters else (),
        confidential_terms=tuple(school.confidential_terms),
    )


# --- rosters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterPreview:
    """What an import would load: the rows accepted and every row refused, with the reason."""

    kind: str
    accepted_text: str  # the header and the accepted rows, as CSV
    accepted: int
    rejected: tuple[InputProblem, ...]
    header: tuple[str, ...]
    sample: tuple[tuple[str, ...], ...]  # the first accepted rows, to show


def preview_roster(kind: str, data: bytes, filename: str) -> RosterPreview:
    """Reads an export and sorts its rows; a file that cannot be read at all is refused whole."""
    if len(data) > MAX_ROSTER_BYTES:
        raise Refused(f"{filename} is larger than {MAX_ROSTER_BYTES // 1_000_000} MB")
    try:
        text = decode_text(data, filename)
    except InputError as error:
        raise Refused(str(error)) from None
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise Refused(f"{filename} is empty")
    try:
        _parse(kind, text)
        rejected: list[InputProblem] = []
        kept = lines
    except InputError as error:
        whole = [p for p in error.problems if p.line is None or p.line == 1]
        if whole:
            raise Refused("; ".join(str(p) for p in whole)) from None
        rejected = list(error.problems)
        bad = {p.line for p in rejected}
        kept = [line for number, line in enumerate(lines, start=1) if number not in bad]
    accepted_text = "\n".join(kept) + "\n"
    rows = list(csv.reader(io.StringIO(accepted_text)))
    body = [r for r in rows[1:] if any(cell.strip() for cell in r)]
    if body:
        _parse(kind, accepted_text)  # what is kept loads cleanly: the parser's own guarantee
    return RosterPreview(
        kind=kind,
        accepted_text=accepted_text,
        accepted=len(body),
        rejected=tuple(rejected),
        header=tuple(rows[0]) if rows else (),
        sample=tuple(tuple(r) for r in body[:10]),
    )


def import_roster(
    sessions: Sessions, preview: RosterPreview, where: Where, refused: int | None = None
) -> int:
    """Replaces the school's roster with the accepted rows of a preview; `refused` is how many
    rows the colleague's original file lost, when the rows come back from a confirmed preview."""
    account = _require(where, Permission.MANAGE_PEOPLE)
    if preview.accepted == 0:
        raise Refused("no rows were accepted, so nothing was imported")
    with sessions.begin() as session:
        existing = session.scalars(
            select(RosterRecord).where(
                RosterRecord.school_id == account.school_id, RosterRecord.kind == preview.kind
            )
        ).first()
        before = existing.rows if existing else 0
        if existing is None:
            existing = RosterRecord(school_id=account.school_id, kind=preview.kind)
            session.add(existing)
        existing.csv_text = preview.accepted_text
        existing.rows = preview.accepted
        existing.imported_by = account.id
        existing.imported_at = where.now
        audit_event(
            session,
            where,
            "people.imported",
            preview.kind,
            before=before,
            after=preview.accepted,
            rejected=len(preview.rejected) if refused is None else refused,
        )
    return preview.accepted


def roster_counts(sessions: Sessions, school_id: int) -> dict[str, tuple[int, datetime]]:
    with sessions() as session:
        return {
            r.kind: (r.rows, r.imported_at)
            for r in session.scalars(
                select(RosterRecord).where(RosterRecord.school_id == school_id)
            )
        }


# --- settings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolSettings:
    name: str
    aliases: tuple[str, ...]
    website: str | None
    social_handles: tuple[str, ...]
    local_authority: str | None
    confidential_terms: tuple[str, ...]
    reports_to: ReportsTo | None
    school_channels: bool | None
    lado_contact: str | None
    review_date: date | None


def school_settings(sessions: Sessions, school_id: int) -> SchoolSettings:
    with sessions() as session:
        s = session.get(SchoolRecord, school_id)
        if s is None:
            raise Refused("no such school")
        return SchoolSettings(
            name=s.name,
            aliases=tuple(s.aliases),
            website=s.website,
            social_handles=tuple(s.social_handles),
            local_authority=s.local_authority,
            confidential_terms=tuple(s.confidential_terms),
            reports_to=ReportsTo(s.reports_to) if s.reports_to else None,
            school_channels=s.school_channels,
            lado_contact=s.lado_contact,
            review_date=s.review_date,
        )


def update_settings(sessions: Sessions, new: SchoolSettings, where: Where) -> list[str]:
    """Saves the settings; returns the names of the fields that changed (audited, old and new)."""
    account = _require(where, Permission.EDIT_SETTINGS)
    if not new.name.strip():
        raise Refused("the school needs a name")
    with sessions.begin() as session:
        record = session.get(SchoolRecord, account.school_id)
        assert record is not None
        values = {
            "name": new.name.strip(),
            "aliases": list(new.aliases),
            "website": new.website,
            "social_handles": list(new.social_handles),
            "local_authority": new.local_authority,
            "confidential_terms": list(new.confidential_terms),
            "reports_to": new.reports_to.value if new.reports_to else None,
            "school_channels": new.school_channels,
            "lado_contact": new.lado_contact,
            "review_date": new.review_date,
        }
        changes = {}
        for field, value in values.items():
            old = getattr(record, field)
            if old != value:
                changes[field] = {"old": _plain(old), "new": _plain(value)}
                setattr(record, field, value)
        if changes:
            audit_event(session, where, "school.settings_changed", record.slug, changes=changes)
        return list(changes)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


LOGO_TYPES = {"image/png", "image/jpeg", "image/webp"}
MAX_LOGO_BYTES = 2_000_000


def replace_logo(sessions: Sessions, data: bytes, content_type: str, where: Where) -> None:
    account = _require(where, Permission.EDIT_SETTINGS)
    if content_type not in LOGO_TYPES:
        raise Refused("the logo must be a PNG, JPEG or WebP image")
    if not data or len(data) > MAX_LOGO_BYTES:
        raise Refused("the logo must be a file of at most 2 MB")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise Refused("the logo file is not a readable image") from None
    with sessions.begin() as session:
        record = session.get(SchoolRecord, account.school_id)
        assert record is not None
        record.logo, record.logo_type = data, content_type
        audit_event(session, where, "school.logo_changed", record.slug, bytes=len(data))


def school_logo(sessions: Sessions, school_id: int) -> tuple[bytes, str] | None:
    with sessions() as session:
        record = session.get(SchoolRecord, school_id)
        if record is None or record.logo is None or record.logo_type is None:
            return None
        return record.logo, record.logo_type


# --- requests for advice -------------------------------------------------------------------------


@dataclass(frozen=True)
class AdviceRequest:
    id: int
    author: str
    text: str
    verdict: str
    clauses: tuple[str, ...]
    question: str
    created_at: datetime


def request_advice(
    sessions: Sessions, post: Post, report: Report, question: str, where: Where
) -> int:
    """Keeps a checked post, at the colleague's request, for the DSL or headteacher to advise on.
    Posts are otherwise never stored."""
    account = _require(where, Permission.CHECK_POSTS)
    with sessions.begin() as session:
        record = AdviceRequestRecord(
            school_id=account.school_id,
            account_id=account.id,
            text=post.text,
            channel=post.channel.value,
            audience=post.audience.value,
            recipient=post.recipient,
            verdict=report.verdict.value,
            clauses=[f.clause_id for f in report.findings],
            question=question.strip()[:2000],
        )
        session.add(record)
        session.flush()
        audit_event(session, where, "advice.requested", f"advice request {record.id}")
        return record.id


_LEADS = {Role.DSL.value, Role.DEPUTY_DSL.value, Role.HEADTEACHER.value}


def safeguarding_leads(sessions: Sessions, school_id: int) -> list[str]:
    """The email addresses of the school's DSL, deputies and headteacher."""
    with sessions() as session:
        accounts = session.scalars(
            select(AccountRecord).where(AccountRecord.school_id == school_id, AccountRecord.active)
        )
        return sorted(a.email for a in accounts if _LEADS & set(a.roles))


def advice_requests(sessions: Sessions, where: Where) -> list[AdviceRequest]:
    """The school's requests for advice: for the safeguarding leads; every read is audited."""
    account = _require(where, Permission.READ_ADVICE_REQUESTS)
    with sessions.begin() as session:
        rows = session.execute(
            select(AdviceRequestRecord, AccountRecord.name)
            .join(AccountRecord, AccountRecord.id == AdviceRequestRecord.account_id)
            .where(AdviceRequestRecord.school_id == account.school_id)
            .order_by(AdviceRequestRecord.created_at.desc())
        ).all()
        found = [
            AdviceRequest(r.id, name, r.text, r.verdict, tuple(r.clauses), r.question, r.created_at)
            for r, name in rows
        ]
        audit_event(session, where, "advice.read", "advice requests", ids=[a.id for a in found])
        return found
