from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from backend.api.deps import CurrentUser, SessionDep
from backend.audit import service
from backend.audit.visibility import may_read_history
from backend.auth.models import User
from backend.common.schemas import MAX_ID
from backend.common.workflow import Role, holds_any

router = APIRouter(tags=["audit"])


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    object_type: str
    object_id: int
    action: str
    actor_id: int | None
    actor_name: str | None = None
    from_state: str | None
    to_state: str | None
    at: datetime
    details: dict[str, object]


@router.get("/audit", response_model=list[AuditEventRead], operation_id="listAuditEvents")
def list_audit(
    session: SessionDep,
    user: CurrentUser,
    object_type: str | None = None,
    object_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[AuditEventRead]:
    """Every change to an object, oldest first. Officials see everything; others need an object."""
    if not holds_any(user.roles, [Role.OFFICIAL]) and (
        object_type is None
        or object_id is None
        or not may_read_history(session, user=user, object_type=object_type, object_id=object_id)
    ):
        return []
    events = service.history(session, object_type=object_type, object_id=object_id)
    actor_ids = {e.actor_id for e in events if e.actor_id is not None}
    names = (
        dict(
            session.execute(select(User.id, User.display_name).where(User.id.in_(actor_ids))).all()
        )
        if actor_ids
        else {}
    )
    out = []
    for e in events:
        read = AuditEventRead.model_validate(e)
        read.actor_name = names.get(e.actor_id) if e.actor_id is not None else "系统"
        out.append(read)
    return out
