from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.audit.repository import list_events


def record(
    session: Session,
    *,
    object_type: str,
    object_id: int,
    action: str,
    actor_id: int | None,
    from_state: str | None = None,
    to_state: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        object_type=object_type,
        object_id=object_id,
        action=action,
        actor_id=actor_id,
        from_state=from_state,
        to_state=to_state,
        details=details or {},
    )
    session.add(event)
    return event


def history(
    session: Session, *, object_type: str | None, object_id: int | None, limit: int = 500
) -> list[AuditEvent]:
    return list_events(session, object_type=object_type, object_id=object_id, limit=limit)
