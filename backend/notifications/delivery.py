"""Delivering one event: a notification per recipient, and their e-mail as they prefer (queued
in the mail outbox in the same transaction, or left for the digest)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.notifications import kinds, mail, repository
from backend.notifications.kinds import IMMEDIATE, NEVER
from backend.notifications.models import Notification
from backend.policy import Principal, principal_of


def notify(
    session: Session,
    *,
    kind: str,
    recipients: Iterable[User],
    object_type: str,
    object_id: int,
    params: dict[str, Any],
    actor_id: int | None,
) -> list[Notification]:
    """One notification per recipient (the actor excepted), and their e-mail as they prefer."""
    settings = mail.settings_of(session)
    rows: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user.id == actor_id or user.id in seen or user.deleted_at is not None:
            continue
        seen.add(user.id)
        choice = NEVER
        if settings.mail_enabled and user.email:
            choice = repository.preferences(session, user.id).get(
                kind, kinds.KINDS[kind].default_email
            )
        row = Notification(
            user_id=user.id,
            kind=kind,
            object_type=object_type,
            object_id=object_id,
            params=params,
            email=choice,
            created_at=datetime.now(UTC),
        )
        rows.append(row)
        if choice == IMMEDIATE:
            title = kinds.title(kind, "zh")
            session.add(
                mail.compose(
                    user_id=user.id,
                    to_address=user.email,
                    kind=kind,
                    subject=f"【场景汇】{title}",
                    greeting=f"{user.display_name}，您好：",
                    items=[
                        mail.Item(
                            title,
                            kinds.body(kind, params, "zh"),
                            mail.absolute(settings, kinds.link(object_type, object_id, params)),
                        )
                    ],
                    unsubscribe=mail.unsubscribe_url(settings, user_id=user.id, kind=kind),
                    unsubscribe_label=f"不再接收「{title}」邮件",
                )
            )
    repository.add(session, rows)
    return rows


def those(users: Iterable[User], concerned: Callable[[Principal], bool]) -> list[User]:
    """The users the policy says are concerned (`concerned(principal)` holds)."""
    return [u for u in users if concerned(principal_of(u))]
