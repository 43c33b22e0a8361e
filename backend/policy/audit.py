"""操作记录: a person reads an object's history when they may see the object — and the sealed
part of a review (who was assigned, who scored what, who stepped back) only where the review
itself is open to them."""

from __future__ import annotations

from dataclasses import dataclass

from backend.audit.models import AuditEvent
from backend.policy.principal import Principal

SEALED_ACTIONS = frozenset({"score", "declare_conflict", "assign_experts"})


@dataclass(frozen=True)
class EventView:
    event: AuditEvent
    object_visible: bool  # decided by the object's own policy
    full_review: bool  # the person sees the object's review in full (officials of its region)


def may_see(p: Principal, v: EventView) -> bool:
    if not v.object_visible:
        return False
    if v.event.object_type == "application" and v.event.action in SEALED_ACTIONS:
        return v.full_review or (p.user_id is not None and v.event.actor_id == p.user_id)
    return True
