"""School-sponsored channels in the web app (Section 5): the register, publishers and their
undertakings, and posts that pass the checker and an approver before they are published.

A post's steps are stored as events and replayed through `prudence.school.channels` on every
load, so the stored record can never reach a state the rules forbid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prudence.adapters.database import (
    AccountRecord,
    ChannelPostRecord,
    ChannelRecord,
    PublisherRecord,
)
from prudence.school.channels import (
    ChannelPost,
    ChannelRefused,
    PostStatus,
    Publisher,
    SchoolChannel,
    Suspension,
)
from prudence.school.people import Permission
from prudence.services.school_office import Account, Refused, Sessions, Where, audit_event


def _require_editor(where: Where) -> Account:
    if where.account is None or not where.account.may(Permission.EDIT_SETTINGS):
        raise Refused("you need permission to edit the school's settings")
    return where.account


def _channel(record: ChannelRecord) -> SchoolChannel:
    return SchoolChannel(
        platform=record.platform,
        address=record.address,
        password_protected=record.password_protected,
        run_from_school_website=record.run_from_school_website,
        licence_and_guidelines=record.licence_and_guidelines,
    )


def _publisher(
    session: Session, record: PublisherRecord, with_suspension: bool = True
) -> Publisher:
    account = session.get(AccountRecord, record.account_id)
    suspension = None
    if with_suspension and record.suspension:
        data = record.suspension
        suspension = Suspension(
            decided_by=data["by"],
            at=datetime.fromisoformat(data["at"]),
            reasons=data["reasons"],
            post=data.get("post"),
        )
    return Publisher(
        id=f"account:{record.account_id}",
        name=account.name if account else "a former colleague",
        undertaking_signed_on=record.undertaking_signed_on,
        suspension=suspension,
    )


def _post(session: Session, record: ChannelPostRecord) -> ChannelPost:
    """The post rebuilt by replaying its steps; then its author as they stand today."""
    channel = session.get(ChannelRecord, record.channel_id)
    publisher = session.get(PublisherRecord, record.publisher_id)
    assert channel is not None and publisher is not None
    post = ChannelPost(
        id=str(record.id),
        channel=_channel(channel),
        author=_publisher(session, publisher, with_suspension=False),
        text=record.events[0]["text"] if record.events else record.text,
        created_at=record.created_at,
    )
    for event in record.events[1:]:
        at = datetime.fromisoformat(event["at"])
        if event["kind"] == "revise":
            post.revise(event["text"], actor=event["actor"], now=at)
        else:
            post.transition_to(
                PostStatus(event["new"]),
                actor=event["actor"],
                now=at,
                reason=event.get("reason", ""),
                verdict=event.get("verdict"),
            )
    post.author = _publisher(session, publisher)
    return post


@dataclass(frozen=True)
class ChannelView:
    id: int
    platform: str
    address: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class PublisherView:
    id: int
    name: str
    undertaking_signed_on: date | None
    suspended: str | None


@dataclass(frozen=True)
class PostView:
    id: int
    channel: str
    author: str
    author_account: int
    text: str
    status: PostStatus
    verdict: str | None
    history: tuple[tuple[datetime, str, str], ...]


def register(sessions: Sessions, where: Where) -> dict[str, Any]:
    """The school's channels, publishers and posts."""
    account = where.account
    if account is None:
        raise Refused("sign in first")
    with sessions() as session:
        channels = session.scalars(
            select(ChannelRecord).where(ChannelRecord.school_id == account.school_id)
        ).all()
        publishers = session.scalars(
            select(PublisherRecord).where(PublisherRecord.school_id == account.school_id)
        ).all()
        posts = session.scalars(
            select(ChannelPostRecord)
            .where(ChannelPostRecord.school_id == account.school_id)
            .order_by(ChannelPostRecord.created_at.desc())
        ).all()
        names = {c.id: c.address for c in channels}
        return {
            "channels": [
                ChannelView(
                    c.id,
                    c.platform,
                    c.address,
                    tuple(f"{p.message} ({p.clause})" for p in _channel(c).problems()),
                )
                for c in channels
            ],
            "publishers": [
                PublisherView(
                    p.id,
                    _publisher(session, p).name,
                    p.undertaking_signed_on,
                    p.suspension["reasons"] if p.suspension else None,
                )
                for p in publishers
            ],
            "posts": [_post_view(session, r, names) for r in posts],
            "my_publisher": next((p.id for p in publishers if p.account_id == account.id), None),
        }


def _post_view(session: Session, record: ChannelPostRecord, names: dict[int, str]) -> PostView:
    post = _post(session, record)
    publisher = session.get(PublisherRecord, record.publisher_id)
    assert publisher is not None
    return PostView(
        id=record.id,
        channel=names.get(record.channel_id, ""),
        author=post.author.name,
        author_account=publisher.account_id,
        text=post.text,
        status=post.status,
        verdict=post.verdict.value if post.verdict else None,
        history=tuple((e.at, e.actor, f"{e.old or 'created'} → {e.new}") for e in post.chronology),
    )


def add_channel(
    sessions: Sessions,
    platform: str,
    address: str,
    password_protected: bool,
    run_from_school_website: bool,
    licence_and_guidelines: str,
    where: Where,
) -> int:
    account = _require_editor(where)
    if not platform.strip() or not address.strip():
        raise Refused("give the platform and the channel's address")
    with sessions.begin() as session:
        record = ChannelRecord(
            school_id=account.school_id,
            platform=platform.strip()[:100],
            address=address.strip()[:300],
            password_protected=password_protected,
            run_from_school_website=run_from_school_website,
            licence_and_guidelines=licence_and_guidelines.strip()[:300] or None,
        )
        session.add(record)
        session.flush()
        problems = [p.clause for p in _channel(record).problems()]
        audit_event(session, where, "channel.registered", record.address, problems=problems)
        return record.id


def add_publisher(
    sessions: Sessions, account_id: int, undertaking_signed_on: date | None, where: Where
) -> int:
    editor = _require_editor(where)
    with sessions.begin() as session:
        colleague = session.get(AccountRecord, account_id)
        if colleague is None or colleague.school_id != editor.school_id:
            raise Refused("choose a colleague from the list")
        record = PublisherRecord(
            school_id=editor.school_id,
            account_id=account_id,
            undertaking_signed_on=undertaking_signed_on,
        )
        session.add(record)
        session.flush()
        audit_event(
            session,
            where,
            "channel.publisher_added",
            colleague.email,
            undertaking=undertaking_signed_on.isoformat() if undertaking_signed_on else None,
        )
        return record.id


def draft_post(sessions: Sessions, channel_id: int, text: str, verdict: str, where: Where) -> int:
    """A publisher writes a post; it is checked at once, with the checker's verdict recorded."""
    account = where.account
    if account is None:
        raise Refused("sign in first")
    if not text.strip():
        raise Refused("write the post first")
    with sessions.begin() as session:
        publisher = session.scalars(
            select(PublisherRecord).where(
                PublisherRecord.school_id == account.school_id,
                PublisherRecord.account_id == account.id,
            )
        ).first()
        channel = session.get(ChannelRecord, channel_id)
        if publisher is None:
            raise Refused("you do not have publishing rights on the school's channels")
        if channel is None or channel.school_id != account.school_id:
            raise Refused("choose one of the school's channels")
        record = ChannelPostRecord(
            school_id=account.school_id,
            channel_id=channel.id,
            publisher_id=publisher.id,
            text=text,
            created_at=where.now,
            status=PostStatus.DRAFT.value,
            events=[{"kind": "create", "at": where.now.isoformat(), "text": text}],
        )
        session.add(record)
        session.flush()
        _apply(session, record, where, PostStatus.CHECKED, verdict=verdict)
        return record.id


def _apply(
    session: Session,
    record: ChannelPostRecord,
    where: Where,
    new: PostStatus,
    *,
    reason: str = "",
    verdict: str | None = None,
) -> None:
    account = where.account
    assert account is not None
    post = _post(session, record)
    try:
        post.transition_to(
            new, actor=f"account:{account.id}", now=where.now, reason=reason, verdict=verdict
        )
    except ChannelRefused as error:
        raise Refused(str(error)) from None
    record.events = [
        *record.events,
        {
            "kind": "move",
            "at": where.now.isoformat(),
            "actor": f"account:{account.id}",
            "new": new.value,
            "reason": reason,
            "verdict": verdict,
        },
    ]
    record.status = post.status.value
    if new is PostStatus.REMOVED and post.author.suspension is not None:
        publisher = session.get(PublisherRecord, record.publisher_id)
        assert publisher is not None
        if publisher.suspension is None:
            publisher.suspension = {
                "by": account.name,
                "at": where.now.isoformat(),
                "reasons": reason,
                "post": str(record.id),
            }
        audit_event(session, where, "channel.post_removed", f"post {record.id}", reasons=reason)
    else:
        audit_event(session, where, "channel.post_moved", f"post {record.id}", to=new.value)


def move_post(sessions: Sessions, post_id: int, new: str, reason: str, where: Where) -> None:
    """Approve, publish or remove a post; who may do what is the rules' business."""
    account = where.account
    if account is None:
        raise Refused("sign in first")
    try:
        status = PostStatus(new)
    except ValueError:
        raise Refused("no such step") from None
    if status in (PostStatus.APPROVED, PostStatus.REMOVED) and not account.may(
        Permission.EDIT_SETTINGS
    ):
        raise Refused("posts are approved and removed by the headteacher or an administrator")
    with sessions.begin() as session:
        record = session.get(ChannelPostRecord, post_id)
        if record is None or record.school_id != account.school_id:
            raise Refused("there is no such post")
        _apply(session, record, where, status, reason=reason)


def revise_post(sessions: Sessions, post_id: int, text: str, verdict: str, where: Where) -> None:
    """The author rewords a post: any approval is cancelled and it is checked again."""
    account = where.account
    if account is None:
        raise Refused("sign in first")
    with sessions.begin() as session:
        record = session.get(ChannelPostRecord, post_id)
        if record is None or record.school_id != account.school_id:
            raise Refused("there is no such post")
        post = _post(session, record)
        try:
            post.revise(text, actor=f"account:{account.id}", now=where.now)
        except ChannelRefused as error:
            raise Refused(str(error)) from None
        record.events = [
            *record.events,
            {
                "kind": "revise",
                "at": where.now.isoformat(),
                "actor": f"account:{account.id}",
                "text": text,
            },
        ]
        record.text = text
        record.status = post.status.value
        audit_event(session, where, "channel.post_moved", f"post {record.id}", to="draft")
        _apply(session, record, where, PostStatus.CHECKED, verdict=verdict)
