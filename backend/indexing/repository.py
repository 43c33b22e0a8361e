from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.indexing.models import OutboxEntry


def pending(session: Session, *, limit: int) -> list[OutboxEntry]:
    """The oldest unapplied rows; on PostgreSQL other workers skip the rows this one holds."""
    stmt = (
        select(OutboxEntry)
        .where(OutboxEntry.processed_at.is_(None))
        .order_by(OutboxEntry.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.scalars(stmt))


def mark_done(session: Session, ids: list[int]) -> None:
    if ids:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.id.in_(ids))
            .values(processed_at=datetime.now(UTC))
        )


def mark_failed(session: Session, ids: list[int], error: str) -> None:
    if ids:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.id.in_(ids))
            .values(attempts=OutboxEntry.attempts + 1, last_error=error[:500])
        )
