"""Every query on the outbox: claiming due rows, marking them done, failing and re-queueing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from backend.indexing.models import OutboxEntry
from backend.indexing.outbox import backoff, gives_up


@dataclass(frozen=True)
class OutboxCounts:
    pending: int  # neither applied nor set aside
    due: int  # pending and not waiting out a back-off
    failed: int  # set aside after the last attempt


def _open() -> ColumnElement[bool]:
    return and_(OutboxEntry.processed_at.is_(None), OutboxEntry.failed_at.is_(None))


def _due(now: datetime) -> ColumnElement[bool]:
    return and_(
        _open(), or_(OutboxEntry.next_attempt_at.is_(None), OutboxEntry.next_attempt_at <= now)
    )


def _claimable(now: datetime) -> ColumnElement[bool]:
    return and_(
        _due(now), or_(OutboxEntry.claimed_until.is_(None), OutboxEntry.claimed_until <= now)
    )


@dataclass(frozen=True)
class Claimed:
    """A claimed row, as plain data: it outlives the short transaction that claimed it."""

    id: int
    object_type: str
    object_id: int


def claim_due(
    session: Session, *, limit: int, now: datetime, owner: str, lease: timedelta
) -> list[Claimed]:
    """Lease the oldest due rows that nobody holds to `owner` until `now + lease`.

    The caller commits at once and applies the rows with no transaction open. On PostgreSQL the
    rows are picked `FOR UPDATE SKIP LOCKED`, so two workers claiming at the same moment take
    different rows; SQLite has one writer at a time (BEGIN IMMEDIATE), so claims never overlap.
    """
    stmt = select(OutboxEntry).where(_claimable(now)).order_by(OutboxEntry.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list(session.scalars(stmt))
    for row in rows:
        row.claimed_by = owner
        row.claimed_until = now + lease
    session.flush()
    return [Claimed(r.id, r.object_type, r.object_id) for r in rows]


def held(session: Session, ids: Sequence[int], *, owner: str) -> list[OutboxEntry]:
    """The rows among `ids` that `owner` still holds (a lease that ran out may be another's)."""
    if not ids:
        return []
    return list(
        session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.id.in_(ids), OutboxEntry.claimed_by == owner)
            .order_by(OutboxEntry.id)
        )
    )


def mark_done(session: Session, rows: Sequence[OutboxEntry], *, now: datetime) -> None:
    for row in rows:
        row.processed_at = now
        row.next_attempt_at = None
        row.claimed_by = row.claimed_until = None
    session.flush()


def release(session: Session, ids: Sequence[int], *, owner: str) -> None:
    """Give back rows claimed but not applied (the search server was away): due again at once."""
    if ids:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.id.in_(ids), OutboxEntry.claimed_by == owner)
            .values(claimed_by=None, claimed_until=None),
            execution_options={"synchronize_session": False},
        )


def record_failure(
    session: Session, rows: Sequence[OutboxEntry], error: str, *, now: datetime, max_attempts: int
) -> None:
    """One more failed attempt on each row: wait longer before the next, or set it aside."""
    for row in rows:
        row.attempts += 1
        row.last_error = error
        row.claimed_by = row.claimed_until = None
        if gives_up(row.attempts, max_attempts):
            row.failed_at = now
            row.next_attempt_at = None
        else:
            row.next_attempt_at = now + backoff(row.attempts)
    session.flush()


def counts(session: Session, *, now: datetime) -> OutboxCounts:
    pending, due, failed = session.execute(
        select(
            func.count().filter(_open()),
            func.count().filter(_due(now)),
            func.count().filter(
                OutboxEntry.processed_at.is_(None), OutboxEntry.failed_at.is_not(None)
            ),
        ).select_from(OutboxEntry)
    ).one()
    return OutboxCounts(pending=int(pending), due=int(due), failed=int(failed))


def failed(session: Session, *, limit: int) -> list[OutboxEntry]:
    """Rows set aside, oldest failure first."""
    return list(
        session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.processed_at.is_(None), OutboxEntry.failed_at.is_not(None))
            .order_by(OutboxEntry.failed_at, OutboxEntry.id)
            .limit(limit)
        )
    )


def requeue_failed(session: Session, ids: Sequence[int] | None = None) -> int:
    """Put rows that were set aside back in the queue, due at once with a fresh set of attempts;
    `last_error` stays as a record. Returns how many rows were re-queued."""
    stmt = update(OutboxEntry).where(
        OutboxEntry.processed_at.is_(None), OutboxEntry.failed_at.is_not(None)
    )
    if ids is not None:
        stmt = stmt.where(OutboxEntry.id.in_(ids))
    result = session.execute(
        stmt.values(failed_at=None, next_attempt_at=None, attempts=0),
        execution_options={"synchronize_session": False},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
