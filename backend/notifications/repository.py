"""Every query on notifications, preferences, digests and the mail outbox."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, String, and_, cast, func, or_, select, update
from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.notifications.models import (
    DigestSubscription,
    MailMessage,
    Notification,
    NotificationPreference,
)

# ---- people ----------------------------------------------------------------------------


def user(session: Session, user_id: int) -> User | None:
    found = session.get(User, user_id)
    return found if found is not None and found.deleted_at is None else None


def users(session: Session, ids: Iterable[int]) -> list[User]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return list(
        session.scalars(
            select(User).where(User.id.in_(wanted), User.deleted_at.is_(None)).order_by(User.id)
        )
    )


def members(session: Session, organization_id: int) -> list[User]:
    """Everyone attached to an organization (the policy then says who of them is concerned)."""
    return list(
        session.scalars(
            select(User)
            .where(User.organization_id == organization_id, User.deleted_at.is_(None))
            .order_by(User.id)
        )
    )


def members_of(session: Session, organization_ids: Iterable[int]) -> dict[int, list[User]]:
    """`members` of several organizations in one read (every id present, maybe empty)."""
    wanted = sorted(set(organization_ids))
    out: dict[int, list[User]] = {org: [] for org in wanted}
    if wanted:
        for user in session.scalars(
            select(User)
            .where(User.organization_id.in_(wanted), User.deleted_at.is_(None))
            .order_by(User.id)
        ):
            out[user.organization_id].append(user)
    return out


def holders_of(session: Session, roles: Sequence[str]) -> list[User]:
    """Users whose roles (a JSON list) name one of `roles`; the caller filters further."""
    text = cast(User.roles, String)
    return list(
        session.scalars(
            select(User)
            .where(User.deleted_at.is_(None), or_(*(text.like(f'%"{r}"%') for r in roles)))
            .order_by(User.id)
        )
    )


# ---- the inbox ---------------------------------------------------------------------------


def add(session: Session, rows: Sequence[Notification]) -> None:
    session.add_all(rows)


def inbox(
    session: Session, *, user_id: int, unread: bool, offset: int, limit: int
) -> tuple[list[Notification], int]:
    conds: list[ColumnElement[bool]] = [Notification.user_id == user_id]
    if unread:
        conds.append(Notification.read_at.is_(None))
    total = int(session.scalar(select(func.count()).select_from(Notification).where(*conds)) or 0)
    rows = session.scalars(
        select(Notification)
        .where(*conds)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total


def unread_count(session: Session, *, user_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        )
        or 0
    )


def get(session: Session, notification_id: int) -> Notification | None:
    return session.get(Notification, notification_id)


def mark_all_read(session: Session, *, user_id: int, now: datetime) -> int:
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=now),
        execution_options={"synchronize_session": False},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


# ---- preferences -------------------------------------------------------------------------


def preferences(session: Session, user_id: int) -> dict[str, str]:
    rows = session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user_id)
    )
    return {r.kind: r.email for r in rows}


def set_preference(session: Session, *, user_id: int, kind: str, email: str) -> None:
    row = session.get(NotificationPreference, (user_id, kind))
    if row is None:
        session.add(NotificationPreference(user_id=user_id, kind=kind, email=email))
    else:
        row.email = email


def subscription(session: Session, user_id: int) -> DigestSubscription | None:
    return session.get(DigestSubscription, user_id)


def subscription_for(session: Session, user_id: int) -> DigestSubscription:
    row = session.get(DigestSubscription, user_id)
    if row is None:
        row = DigestSubscription(user_id=user_id, period="daily")
        session.add(row)
    return row


# ---- digests -------------------------------------------------------------------------------


def digest_users(session: Session, *, period: str) -> list[int]:
    """Users with digest items waiting whose digest period is `period` (daily by default)."""
    waiting = select(Notification.user_id).where(
        Notification.email == "digest", Notification.digested_at.is_(None)
    )
    stmt = (
        select(Notification.user_id)
        .distinct()
        .outerjoin(DigestSubscription, DigestSubscription.user_id == Notification.user_id)
        .where(Notification.user_id.in_(waiting))
    )
    if period == "daily":
        stmt = stmt.where(
            or_(DigestSubscription.period.is_(None), DigestSubscription.period == "daily")
        )
    else:
        stmt = stmt.where(DigestSubscription.period == period)
    return sorted(set(session.scalars(stmt)))


def digest_items(session: Session, *, user_id: int) -> list[Notification]:
    """What waits for this user's next digest, oldest first, locked against a second sender."""
    stmt = (
        select(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.email == "digest",
            Notification.digested_at.is_(None),
        )
        .order_by(Notification.id)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.scalars(stmt))


# ---- the mail outbox -----------------------------------------------------------------------


def _open() -> ColumnElement[bool]:
    return and_(MailMessage.sent_at.is_(None), MailMessage.failed_at.is_(None))


def _claimable(now: datetime) -> ColumnElement[bool]:
    return and_(
        _open(),
        or_(MailMessage.next_attempt_at.is_(None), MailMessage.next_attempt_at <= now),
        or_(MailMessage.claimed_until.is_(None), MailMessage.claimed_until <= now),
    )


@dataclass(frozen=True)
class Outgoing:
    """A claimed message, as plain data: sent with no transaction open."""

    id: int
    to_address: str
    subject: str
    text: str
    html: str
    unsubscribe_url: str | None


def claim_mail(
    session: Session, *, limit: int, now: datetime, owner: str, lease: timedelta
) -> list[Outgoing]:
    """Lease the oldest due messages (FOR UPDATE SKIP LOCKED on PostgreSQL, as the index outbox)."""
    stmt = select(MailMessage).where(_claimable(now)).order_by(MailMessage.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list(session.scalars(stmt))
    for row in rows:
        row.claimed_by = owner
        row.claimed_until = now + lease
    session.flush()
    return [
        Outgoing(r.id, r.to_address, r.subject, r.text, r.html, r.unsubscribe_url) for r in rows
    ]


def held_mail(session: Session, ids: Sequence[int], *, owner: str) -> list[MailMessage]:
    if not ids:
        return []
    return list(
        session.scalars(
            select(MailMessage)
            .where(MailMessage.id.in_(ids), MailMessage.claimed_by == owner)
            .order_by(MailMessage.id)
        )
    )


def mail_counts(session: Session) -> tuple[int, int, int]:
    """(waiting, sent, set aside)."""
    waiting, sent, failed = session.execute(
        select(
            func.count().filter(_open()),
            func.count().filter(MailMessage.sent_at.is_not(None)),
            func.count().filter(MailMessage.failed_at.is_not(None)),
        ).select_from(MailMessage)
    ).one()
    return int(waiting), int(sent), int(failed)


def requeue_failed_mail(session: Session) -> int:
    """Messages set aside go back in the queue, due at once with a fresh set of attempts."""
    result = session.execute(
        update(MailMessage)
        .where(MailMessage.sent_at.is_(None), MailMessage.failed_at.is_not(None))
        .values(failed_at=None, next_attempt_at=None, attempts=0),
        execution_options={"synchronize_session": False},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
