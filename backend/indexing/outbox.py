"""Writers call `enqueue` inside their transaction; the indexing worker drains the rows.

The retry rules live here as plain functions: a failing row waits 2, 4, 8 … seconds (at most
`MAX_BACKOFF`) before its next attempt and is set aside after `max_attempts` attempts.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from backend.config import Settings
from backend.indexing.models import OutboxEntry

MAX_BACKOFF = timedelta(minutes=5)
ERROR_LENGTH = 500


def enqueue(
    session: Session, *, object_type: str, object_id: int, operation: str = "upsert"
) -> None:
    session.add(OutboxEntry(object_type=object_type, object_id=object_id, operation=operation))


def backoff(attempts: int) -> timedelta:
    """How long a row waits after its `attempts`-th failed attempt: 2^attempts s, capped."""
    if attempts >= 16:  # 2^16 s is far past the cap; no need to build huge numbers
        return MAX_BACKOFF
    return min(timedelta(seconds=2 ** max(attempts, 0)), MAX_BACKOFF)


def gives_up(attempts: int, max_attempts: int) -> bool:
    """After this many failed attempts the row is set aside instead of retried."""
    return attempts >= max_attempts


def max_attempts_of(settings: Settings) -> int:
    """SCENARIOHUB_OUTBOX_MAX_ATTEMPTS (default 8)."""
    return settings.outbox_max_attempts


def describe(exc: BaseException) -> str:
    """The error kept on the row: the exception's type and message, cut to fit the column."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= ERROR_LENGTH else text[: ERROR_LENGTH - 1] + "…"
