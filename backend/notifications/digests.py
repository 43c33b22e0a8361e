"""摘要邮件: `scenariohub send-digests --period daily|weekly`, run by cron.

Each person whose e-mail preference for a kind is `digest` gets, once per period, one e-mail
with everything of those kinds since their last digest: a provider the newly published demands
that fit its solutions, a publisher the new candidates for its demands, each with the matcher's
explanation. A notification is taken by exactly one digest (`digested_at`, set in the transaction
that queues the e-mail), so nothing is sent twice and a failed run sends nothing half.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from backend.config import Settings
from backend.db.base import utcnow
from backend.notifications import kinds, mail, repository
from backend.notifications.kinds import NEVER
from backend.notifications.service import ALL_DIGEST

PERIODS = ("daily", "weekly")
PERIOD_ZH = {"daily": "每日", "weekly": "每周"}


@dataclass(frozen=True)
class DigestRun:
    users: int  # digests queued
    items: int  # notifications they carry


def send_digests(
    factory: sessionmaker[Session],
    settings: Settings,
    *,
    period: str,
    clock: Callable[[], datetime] = utcnow,
) -> DigestRun:
    """Queue one digest e-mail per person (in the mail outbox; the worker or `drain` sends it)."""
    if period not in PERIODS:
        raise ValueError(f"period is one of {PERIODS}")
    if not settings.mail_enabled:
        return DigestRun(0, 0)
    with factory() as session:
        user_ids = repository.digest_users(session, period=period)
    users = items = 0
    for user_id in user_ids:
        with factory() as session, session.begin():  # one person at a time: short transactions
            n = _digest_for(session, settings, user_id=user_id, period=period, now=clock())
        if n:
            users += 1
            items += n
    return DigestRun(users, items)


def _digest_for(
    session: Session, settings: Settings, *, user_id: int, period: str, now: datetime
) -> int:
    user = repository.user(session, user_id)
    rows = repository.digest_items(session, user_id=user_id)
    if not rows:
        return 0
    for row in rows:
        row.digested_at = now
    chosen = repository.preferences(session, user_id)
    # a kind switched to "never" since it was queued is no longer sent
    rows = [r for r in rows if chosen.get(r.kind, kinds.KINDS[r.kind].default_email) != NEVER]
    if user is None or not user.email or not rows:
        return 0
    subscription = repository.subscription_for(session, user_id)
    subscription.last_sent_at = now
    subject = f"【场景汇】{PERIOD_ZH[period]}摘要：{len(rows)} 条新消息"
    session.add(
        mail.compose(
            user_id=user.id,
            to_address=user.email,
            kind="digest",
            subject=subject,
            greeting=f"{user.display_name}，您好：以下是自上次摘要以来与您相关的新信息。",
            items=[
                mail.Item(
                    kinds.title(r.kind, "zh"),
                    kinds.body(r.kind, r.params or {}, "zh"),
                    mail.absolute(settings, kinds.link(r.object_type, r.object_id, r.params or {})),
                )
                for r in rows
            ],
            unsubscribe=mail.unsubscribe_url(settings, user_id=user.id, kind=ALL_DIGEST),
            unsubscribe_label="不再接收摘要邮件",
        )
    )
    session.flush()
    return len(rows)
