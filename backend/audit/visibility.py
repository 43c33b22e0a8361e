"""Who may read an object's history: what they may see of the object itself."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.common.workflow import Role, holds_any
from backend.demands import repository as demands
from backend.demands.service import can_view as can_view_demand
from backend.errors import AppError
from backend.matches import repository as matches
from backend.matches.service import can_view as can_view_match
from backend.review.service import get_visible as visible_application


def may_read_history(session: Session, *, user: User, object_type: str, object_id: int) -> bool:
    if holds_any(user.roles, [Role.OFFICIAL]):
        return True
    if object_type in ("solution", "scenario", "demand_list"):
        return True
    if object_type == "demand":
        demand = demands.get(session, object_id)
        return demand is not None and can_view_demand(user, demand)
    if object_type == "match":
        match = matches.get(session, object_id)
        if match is None:
            return False
        demand = demands.get(session, match.demand_id)
        return demand is not None and can_view_match(user, match, demand)
    if object_type == "application":
        try:
            visible_application(session, application_id=object_id, user=user)
        except AppError:
            return False
        return True
    if object_type == "user":
        return object_id == user.id
    return False
