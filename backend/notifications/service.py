"""The inbox (only its recipient reads or marks a notification), preferences and unsubscribing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.errors import invalid_field, not_found
from backend.i18n import current_language
from backend.notifications import kinds, mail, repository
from backend.notifications.kinds import DIGEST, EMAIL_CHOICES, NEVER
from backend.notifications.models import Notification
from backend.notifications.schemas import (
    KindPreference,
    MarkedAll,
    NotificationPage,
    NotificationRead,
    Preferences,
    PreferencesIn,
)


def to_read(row: Notification) -> NotificationRead:
    lang = current_language()
    return NotificationRead(
        id=row.id,
        kind=row.kind,
        title=kinds.title(row.kind, lang),
        body=kinds.body(row.kind, row.params or {}, lang),
        object_type=row.object_type,
        object_id=row.object_id,
        link=kinds.link(row.object_type, row.object_id, row.params or {}),
        created_at=row.created_at,
        read_at=row.read_at,
    )


def inbox(
    session: Session, *, user: User, unread: bool, page: int, page_size: int
) -> NotificationPage:
    rows, total = repository.inbox(
        session, user_id=user.id, unread=unread, offset=(page - 1) * page_size, limit=page_size
    )
    return NotificationPage(
        items=[to_read(r) for r in rows],
        total=total,
        page=page,
        page_size=page_size,
        unread=repository.unread_count(session, user_id=user.id),
    )


def unread_count(session: Session, *, user: User) -> int:
    return repository.unread_count(session, user_id=user.id)


def _own(session: Session, *, notification_id: int, user: User) -> Notification:
    """A notification is its recipient's alone: anyone else is told it does not exist."""
    row = repository.get(session, notification_id)
    if row is None or row.user_id != user.id:
        raise not_found("通知", "Notification", "notification.not_found")
    return row


def mark_read(session: Session, *, notification_id: int, user: User) -> Notification:
    row = _own(session, notification_id=notification_id, user=user)
    if row.read_at is None:
        row.read_at = datetime.now(UTC)
        session.flush()
    return row


def mark_all_read(session: Session, *, user: User) -> MarkedAll:
    marked = repository.mark_all_read(session, user_id=user.id, now=datetime.now(UTC))
    return MarkedAll(marked=marked, unread=repository.unread_count(session, user_id=user.id))


def preferences(session: Session, *, user: User) -> Preferences:
    lang = current_language()
    chosen = repository.preferences(session, user.id)
    sub = repository.subscription(session, user.id)
    return Preferences(
        email_enabled=mail.settings_of(session).mail_enabled,
        email=user.email,
        digest_period="weekly" if sub is not None and sub.period == "weekly" else "daily",
        kinds=[
            KindPreference(
                kind=spec.kind,
                title=kinds.title(spec.kind, lang),
                email=chosen.get(spec.kind, spec.default_email),
                default=spec.default_email,
            )
            for spec in kinds.KINDS.values()
        ],
    )


def update_preferences(session: Session, *, user: User, data: PreferencesIn) -> Preferences:
    for i, choice in enumerate(data.kinds):
        if choice.kind not in kinds.KINDS:
            raise invalid_field(
                f"kinds.{i}.kind",
                f"没有「{choice.kind}」这种通知",
                f"Unknown notification kind {choice.kind!r}",
            )
    for choice in data.kinds:
        assert choice.email in EMAIL_CHOICES
        repository.set_preference(session, user_id=user.id, kind=choice.kind, email=choice.email)
    if data.digest_period is not None:
        repository.subscription_for(session, user.id).period = data.digest_period
    session.flush()
    return preferences(session, user=user)


ALL_DIGEST = "*digest"  # the digest's own unsubscribe link: every kind now in the digest


def unsubscribe(session: Session, *, token: str) -> str | None:
    """The e-mail's link: that kind (or everything in the digest) is no longer e-mailed. Returns
    the kind's Chinese title, or None when the token is not one of ours."""
    found = mail.read_unsubscribe(token, mail.settings_of(session).secret_key)
    if found is None:
        return None
    user_id, kind = found
    if repository.user(session, user_id) is None:
        return None
    if kind == ALL_DIGEST:
        chosen = repository.preferences(session, user_id)
        for spec in kinds.KINDS.values():
            if chosen.get(spec.kind, spec.default_email) == DIGEST:
                repository.set_preference(session, user_id=user_id, kind=spec.kind, email=NEVER)
        session.flush()
        return "摘要邮件"
    if kind not in kinds.KINDS:
        return None
    repository.set_preference(session, user_id=user_id, kind=kind, email=NEVER)
    session.flush()
    return kinds.title(kind, "zh")
