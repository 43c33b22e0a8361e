"""Writers call `enqueue` inside their transaction; the indexing worker drains the rows."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.indexing.models import OutboxEntry


def enqueue(
    session: Session, *, object_type: str, object_id: int, operation: str = "upsert"
) -> None:
    session.add(OutboxEntry(object_type=object_type, object_id=object_id, operation=operation))
