from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent


def list_events(
    session: Session, *, object_type: str | None, object_id: int | None, limit: int = 500
) -> list[AuditEvent]:
    stmt = select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id).limit(limit)
    if object_type:
        stmt = stmt.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(AuditEvent.object_id == object_id)
    return list(session.scalars(stmt))
