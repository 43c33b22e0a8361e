from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from backend.api.deps import CurrentUser, SessionDep, SettingsDep
from backend.audit import service
from backend.audit.visibility import HistoryReader, actor_names
from backend.common.schemas import MAX_ID
from backend.policy import principal_of

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
    settings: SettingsDep,
    object_type: str | None = None,
    object_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> list[AuditEventRead]:
    """Every change to an object, oldest first, as far as the caller may see the object.
    Without an object: the log of everything the caller may see (officials: their region)."""
    if object_id is not None and object_type is None:
        return []
    if object_type is None and not principal_of(user).is_official:
        return []
    events = service.history(session, object_type=object_type, object_id=object_id, limit=limit)
    events = HistoryReader(session, user=user, settings=settings).visible(events)
    names = actor_names(session, events)
    out = []
    for e in events:
        read = AuditEventRead.model_validate(e)
        read.actor_name = names.get(e.actor_id, "") if e.actor_id is not None else "系统"
        out.append(read)
    return out
