from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, utcnow


class OutboxEntry(Base):
    """A change the search index must see; written in the same transaction as the change.

    Pending while `processed_at` and `failed_at` are empty; due once `next_attempt_at` (empty:
    at once) has passed. A row that keeps failing waits longer after each attempt and, after the
    last one, is set aside (`failed_at`) with its error until someone re-queues it. A worker
    that claims a row leases it (`claimed_by` until `claimed_until`); an expired lease makes the
    row claimable again, so a worker that dies mid-batch loses nothing.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int]
    operation: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    failed_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    claimed_until: Mapped[datetime | None] = mapped_column(default=None)
