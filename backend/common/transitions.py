"""The one way a workflow moves an object: version check → workflow → state → audit → outbox."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.common.workflow import Workflow
from backend.db.base import utcnow
from backend.errors import stale_version
from backend.indexing.outbox import enqueue


class Versioned(Protocol):
    id: int
    version: int


def check_version(current: int, expected: int | None) -> None:
    """409 when the caller saw another version than the stored one (None: no check asked)."""
    if expected is not None and expected != current:
        raise stale_version()


def move(
    session: Session,
    obj: Any,
    *,
    workflow: Workflow,
    action: str,
    actor_id: int | None,
    expected_version: int | None,
    state_attr: str = "status",
    audit_action: str | None = None,
    details: dict[str, Any] | None = None,
    outbox: bool = False,
) -> str:
    """Take `action` on `obj` and return the state it left. Permission is the policy's business
    and is checked before; this refuses only a stale version (409) or an illegal move (409)."""
    check_version(obj.version, expected_version)
    before: str = getattr(obj, state_attr)
    t = workflow.require(action, before)
    setattr(obj, state_attr, t.target)
    obj.updated_at = utcnow()  # bumps the version even when the state stays the same
    session.flush()
    record(
        session,
        object_type=workflow.object_type,
        object_id=obj.id,
        action=audit_action or action,
        actor_id=actor_id,
        from_state=before,
        to_state=t.target,
        details=details,
    )
    if outbox:
        enqueue(session, object_type=workflow.object_type, object_id=obj.id)
    return before
