"""The web app's database: SQLite in the data directory by default, PostgreSQL by DATABASE_URL.

Tables are declared here and created only by the Alembic migrations in `prudence/migrations`.
Every row that belongs to a school carries its `school_id`, and every query in the repositories
filters on it: one deployment serves many schools and none sees another's data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment stored in UTC and read back timezone-aware on every database (SQLite keeps no
    zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("times are stored timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, list[Any]: JSON}


class SchoolRecord(Base):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    website: Mapped[str | None] = mapped_column(String(300))
    social_handles: Mapped[list[str]] = mapped_column(default=list)
    local_authority: Mapped[str | None] = mapped_column(String(200))
    confidential_terms: Mapped[list[str]] = mapped_column(default=list)
    reports_to: Mapped[str | None] = mapped_column(String(64))
    school_channels: Mapped[bool | None] = mapped_column(Boolean)
    lado_contact: Mapped[str | None] = mapped_column(String(300))
    review_date: Mapped[date | None] = mapped_column(Date)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str | None] = mapped_column(String(40))
    # Sign-in with the school's Microsoft 365 or Google Workspace (OpenID Connect).
    sso_provider: Mapped[str | None] = mapped_column(String(40))
    sso_issuer: Mapped[str | None] = mapped_column(String(300))
    sso_client_id: Mapped[str | None] = mapped_column(String(300))
    sso_client_secret: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class AccountRecord(Base):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("school_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))  # None: single sign-on only
    roles: Mapped[list[str]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    # Whom the policy covers (staff, volunteers, governors…), from when, and who is away.
    covered_group: Mapped[str] = mapped_column(String(40), default="staff")
    started_on: Mapped[date | None] = mapped_column(Date)
    on_leave: Mapped[bool] = mapped_column(Boolean, default=False)
    reminded_to_acknowledge_on: Mapped[date | None] = mapped_column(Date)

    school: Mapped[SchoolRecord] = relationship()


class RosterRecord(Base):
    """The school's current pupils or staff export, as accepted: the CSV header and good rows."""

    __tablename__ = "rosters"
    __table_args__ = (UniqueConstraint("school_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # pupils | staff
    csv_text: Mapped[str] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class AdviceRequestRecord(Base):
    """A post a colleague chose to keep so that the DSL or headteacher can advise on it."""

    __tablename__ = "advice_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str | None] = mapped_column(String(200))
    verdict: Mapped[str] = mapped_column(String(16))
    clauses: Mapped[list[str]] = mapped_column(default=list)
    question: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class ConcernRecord(Base):
    """A reported concern, its triage and, when it is an allegation, its road to the LADO."""

    __tablename__ = "concerns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(100))
    topics: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str] = mapped_column(Text)
    subject_kind: Mapped[str] = mapped_column(String(32))
    subject_name: Mapped[str] = mapped_column(String(200))
    subject_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    reporter_relationship: Mapped[str | None] = mapped_column(String(200))
    reporter_contact: Mapped[str | None] = mapped_column(String(320))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    triage: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    lado_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime())
    lado_referral: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    outcome: Mapped[str | None] = mapped_column(String(32))
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    keep_until: Mapped[date | None] = mapped_column(Date)


class EvidenceRecord(Base):
    """A file attached to a concern (a screenshot, a photo of a message), with what the image
    checks found in it."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concern_id: Mapped[int] = mapped_column(
        ForeignKey("concerns.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    checks: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DeclarationRecord(Base):
    """A colleague's declaration of a relationship or difficulty, and the decisions about it."""

    __tablename__ = "declarations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(100))
    pupil_name: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decisions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    review_on: Mapped[date | None] = mapped_column(Date)
    reminded_on: Mapped[date | None] = mapped_column(Date)


class PolicyVersionRecord(Base):
    """A published version of the school's policy: its clauses as they stood."""

    __tablename__ = "policy_versions"
    __table_args__ = (UniqueConstraint("school_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    clauses: Mapped[list[Any]] = mapped_column(JSON)
    material: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())
    published_by: Mapped[str] = mapped_column(String(320))


class AcknowledgementRecord(Base):
    """A person's acknowledgement that they have read a version of the policy."""

    __tablename__ = "acknowledgements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChannelRecord(Base):
    """A school-sponsored channel: its platform, address and the safeguards Section 5 asks for."""

    __tablename__ = "school_channels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300))
    password_protected: Mapped[bool] = mapped_column(Boolean)
    run_from_school_website: Mapped[bool] = mapped_column(Boolean)
    licence_and_guidelines: Mapped[str | None] = mapped_column(String(300))


class PublisherRecord(Base):
    """A colleague with publishing rights on the school's channels, and their undertaking."""

    __tablename__ = "publishers"
    __table_args__ = (UniqueConstraint("school_id", "account_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    undertaking_signed_on: Mapped[date | None] = mapped_column(Date)
    suspension: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ChannelPostRecord(Base):
    """A post for a school channel and every step it took, replayed through the rules on load."""

    __tablename__ = "channel_posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("school_channels.id", ondelete="CASCADE"))
    publisher_id: Mapped[int] = mapped_column(ForeignKey("publishers.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(20))
    events: Mapped[list[Any]] = mapped_column(JSON, default=list)


class CheckerUseRecord(Base):
    """How often the checker was used at a school each month, and what it said: counts only."""

    __tablename__ = "checker_use"
    __table_args__ = (UniqueConstraint("school_id", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    ok: Mapped[int] = mapped_column(Integer, default=0)
    review: Mapped[int] = mapped_column(Integer, default=0)
    block: Mapped[int] = mapped_column(Integer, default=0)


class AuditRecord(Base):
    """The append-only, hash-chained audit log (see `prudence.school.audit`)."""

    __tablename__ = "audit_log"

    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    school: Mapped[str | None] = mapped_column(String(64), index=True)
    actor: Mapped[str | None] = mapped_column(String(320))
    event: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(300))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    origin: Mapped[str | None] = mapped_column(String(64))
    previous: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64), unique=True)


def make_engine(url: str) -> Engine:
    """An engine for the URL; SQLite gets write-ahead logging and enforced foreign keys."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(connection: Any, _: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Brings the database's tables up to date with Alembic's migrations."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parents[1] / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Any]:
    return sessionmaker(engine, expire_on_commit=False)
