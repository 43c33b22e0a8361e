from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth.models import User
from backend.common.schemas import NextAction
from backend.common.workflow import Role, holds_any
from backend.demands import repository
from backend.demands.models import Demand
from backend.demands.schemas import DemandCreate, DemandRead, DemandUpdate
from backend.demands.workflow import DEMAND_WORKFLOW, EDITABLE_STATES
from backend.errors import conflict, forbidden, invalid_field, not_found, stale_version
from backend.indexing.outbox import enqueue


def _not_found() -> Exception:
    return not_found("场景需求", "Demand", "demand.not_found")


def is_owner(user: User, demand: Demand) -> bool:
    return (
        holds_any(user.roles, [Role.PUBLISHER]) and user.organization_id == demand.organization_id
    )


def is_official_for(user: User, region: str | None) -> bool:
    """Officials may be scoped to one region; admins and province-wide officials see all."""
    if not holds_any(user.roles, [Role.OFFICIAL]):
        return False
    return Role.ADMIN in user.roles or user.region is None or user.region == region


def can_view(user: User | None, demand: Demand) -> bool:
    if demand.status in ("published", "closed", "expired"):
        return True
    if user is None:
        return False
    return user.organization_id == demand.organization_id or is_official_for(user, demand.region)


def get_visible(session: Session, *, demand_id: int, user: User | None) -> Demand:
    demand = repository.get(session, demand_id)
    if demand is None or not can_view(user, demand):
        raise _not_found()
    return demand


def to_read(demand: Demand) -> DemandRead:
    read = DemandRead.model_validate(demand)
    read.next_actions = [
        NextAction(action=t.action, roles=sorted(r.value for r in t.roles))
        for t in DEMAND_WORKFLOW.next_actions(demand.status)
        if t.roles
    ]
    if demand.status in EDITABLE_STATES:
        read.next_actions.insert(0, NextAction(action="edit", roles=["publisher"]))
    return read


def check_version(current: int, expected: int | None) -> None:
    if expected is not None and expected != current:
        raise stale_version()


def create(session: Session, *, user: User, data: DemandCreate) -> Demand:
    demand = Demand(
        organization_id=user.organization_id,
        owner_id=user.id,
        status="draft",
        **data.model_dump(mode="python"),
    )
    session.add(demand)
    session.flush()
    record(
        session,
        object_type="demand",
        object_id=demand.id,
        action="create",
        actor_id=user.id,
        to_state="draft",
    )
    enqueue(session, object_type="demand", object_id=demand.id)
    return demand


def update(
    session: Session, *, demand_id: int, user: User, data: DemandUpdate, if_match: int | None
) -> Demand:
    demand = get_visible(session, demand_id=demand_id, user=user)
    if not is_owner(user, demand):
        raise forbidden()
    check_version(demand.version, data.version if data.version is not None else if_match)
    if demand.status not in EDITABLE_STATES:
        raise conflict(
            "demand.not_editable",
            "只有草稿或退回的需求可以修改",
            "Only draft or returned demands can be edited",
            current_state=demand.status,
        )
    changes = data.model_dump(exclude_unset=True, exclude={"version"}, mode="python")
    lo = changes.get("budget_min_wan", demand.budget_min_wan)
    hi = changes.get("budget_max_wan", demand.budget_max_wan)
    if lo is not None and hi is not None and lo > hi:
        raise invalid_field("budget_min_wan", "预算下限不能高于上限", "Min budget exceeds max")
    for key, value in changes.items():
        setattr(demand, key, value)
    session.flush()
    record(
        session,
        object_type="demand",
        object_id=demand.id,
        action="update",
        actor_id=user.id,
        details={"fields": sorted(changes)},
    )
    enqueue(session, object_type="demand", object_id=demand.id)
    return demand


def transition(
    session: Session,
    *,
    demand_id: int,
    action: str,
    user: User,
    reason: str | None = None,
    if_match: int | None = None,
) -> Demand:
    demand = get_visible(session, demand_id=demand_id, user=user)
    t = DEMAND_WORKFLOW.transition(action)
    if Role.OFFICIAL in t.roles:
        if not is_official_for(user, demand.region):
            raise forbidden("该需求不在您的管辖范围内", "This demand is outside your region")
    elif not is_owner(user, demand):
        raise forbidden()
    check_version(demand.version, if_match)
    DEMAND_WORKFLOW.require(action, demand.status)
    before = demand.status
    now = datetime.now(UTC)
    demand.status = t.target
    if action == "submit":
        demand.submitted_at = now
        demand.return_reason = None
    elif action == "publish":
        if demand.deadline is not None and demand.deadline < date.today():
            raise conflict(
                "demand.deadline_passed",
                "截止日期已过，无法发布",
                "The deadline has passed",
                current_state=before,
            )
        demand.published_at = now
    elif action == "return":
        demand.return_reason = reason
    elif action == "close":
        demand.closed_at = now
    session.flush()
    record(
        session,
        object_type="demand",
        object_id=demand.id,
        action=action,
        actor_id=user.id,
        from_state=before,
        to_state=demand.status,
        details={"reason": reason} if reason else None,
    )
    enqueue(session, object_type="demand", object_id=demand.id)
    return demand


def expire_overdue(session: Session, *, today: date) -> int:
    """Published demands past their deadline become `expired` (the system's transition)."""
    expired = repository.expire_overdue(session, today=today)
    for demand in expired:
        demand.status = "expired"
        record(
            session,
            object_type="demand",
            object_id=demand.id,
            action="expire",
            actor_id=None,
            from_state="published",
            to_state="expired",
        )
        enqueue(session, object_type="demand", object_id=demand.id)
    session.flush()
    return len(expired)


def delete_draft(session: Session, *, demand_id: int, user: User) -> None:
    """Drafts and returned demands can be deleted (softly: the audit trail stays)."""
    demand = get_visible(session, demand_id=demand_id, user=user)
    if not is_owner(user, demand):
        raise forbidden()
    if demand.status not in EDITABLE_STATES:
        raise conflict(
            "demand.not_deletable",
            "只有草稿或退回的需求可以删除，已提交的请关闭",
            "Only draft or returned demands can be deleted; close the others",
            current_state=demand.status,
        )
    demand.deleted_at = datetime.now(UTC)
    session.flush()
    record(
        session,
        object_type="demand",
        object_id=demand.id,
        action="delete",
        actor_id=user.id,
        from_state=demand.status,
        to_state="deleted",
    )
    enqueue(session, object_type="demand", object_id=demand.id, operation="delete")
