from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from backend.attachments import reads as attachments
from backend.attachments import repository as attached
from backend.attachments.cleanup import discard_after_commit
from backend.audit.service import record
from backend.auth.models import User
from backend.common.transitions import check_version, move
from backend.common.workflow import Role
from backend.demands import repository
from backend.demands.models import Demand
from backend.demands.schemas import DemandCreate, DemandPublic, DemandRead, DemandUpdate
from backend.demands.workflow import DEMAND_WORKFLOW
from backend.errors import invalid_field
from backend.indexing.outbox import enqueue
from backend.notifications import events
from backend.policy import principal_of
from backend.policy.demands import DEMAND_POLICY
from backend.policy.organizations import require_active_member


def get_visible(session: Session, *, demand_id: int, user: User | None) -> Demand:
    return DEMAND_POLICY.require_visible(principal_of(user), repository.get(session, demand_id))


def get_for(session: Session, *, demand_id: int, user: User | None, action: str) -> Demand:
    """The demand, once the policy lets `user` take `action` on it (404/403/409 otherwise)."""
    demand = get_visible(session, demand_id=demand_id, user=user)
    DEMAND_POLICY.require(principal_of(user), action, demand)
    return demand


def get_readable(session: Session, *, demand_id: int, user: User, action: str) -> Demand:
    """A demand whose `action` (a read permission, e.g. its candidates) `user` holds; others 404."""
    demand = get_visible(session, demand_id=demand_id, user=user)
    if not DEMAND_POLICY.allows(principal_of(user), action, demand):
        raise DEMAND_POLICY.not_found()
    return demand


def to_public(session: Session, demand: Demand, *, user: User | None) -> DemandPublic:
    read = DemandPublic.model_validate(demand)
    read.attachments = attachments.listed_for(session, parent_type="demand", parent_id=demand.id)
    read.scenarios = repository.scenario_links(session, [demand.id])[demand.id]
    read.next_actions = DEMAND_POLICY.next_actions(principal_of(user), demand)
    return read


def public_items(session: Session, demands: Sequence[Demand]) -> list[DemandPublic]:
    """A page of public demands (no caller's actions), their attachments read in one query."""
    listed = attachments.listed(session, parent_type="demand", parent_ids=[d.id for d in demands])
    scenarios = repository.scenario_links(session, [d.id for d in demands])
    reads = [DemandPublic.model_validate(d) for d in demands]
    for read in reads:
        read.attachments = listed[read.id]
        read.scenarios = scenarios[read.id]
    return reads


def to_read(session: Session, demand: Demand, *, user: User | None) -> DemandRead:
    return to_reads(session, [demand], user=user)[0]


def to_reads(session: Session, demands: Sequence[Demand], *, user: User | None) -> list[DemandRead]:
    """Demands as `user` may act on them, their attachments read in one query."""
    principal = principal_of(user)
    listed = attachments.listed(session, parent_type="demand", parent_ids=[d.id for d in demands])
    reads = []
    scenarios = repository.scenario_links(session, [d.id for d in demands])
    for demand in demands:
        read = DemandRead.model_validate(demand)
        read.attachments = listed[demand.id]
        read.scenarios = scenarios[demand.id]
        read.next_actions = DEMAND_POLICY.next_actions(principal, demand)
        reads.append(read)
    return reads


def create(session: Session, *, user: User, data: DemandCreate) -> Demand:
    require_active_member(principal_of(user), Role.PUBLISHER)
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
    return demand  # a draft is not in the search index: nothing to enqueue (see `_indexed`)


def _indexed(demand: Demand) -> bool:
    """Whether the search index holds, or held, this demand: it holds published demands only,
    so changes to one never published leave no outbox row (there is nothing to add, change or
    take out, and no matcher candidates to refresh)."""
    return demand.published_at is not None


def update(
    session: Session, *, demand_id: int, user: User, data: DemandUpdate, if_match: int | None
) -> Demand:
    demand = get_for(session, demand_id=demand_id, user=user, action="edit")
    check_version(demand.version, data.version if data.version is not None else if_match)
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
    if _indexed(demand):
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
    demand = get_for(session, demand_id=demand_id, user=user, action=action)
    now = datetime.now(UTC)
    if action == "submit":
        demand.submitted_at = now
        demand.return_reason = None
    elif action == "publish":
        demand.published_at = now
    elif action == "return":
        demand.return_reason = reason
    elif action == "close":
        demand.closed_at = now
    move(
        session,
        demand,
        workflow=DEMAND_WORKFLOW,
        action=action,
        actor_id=user.id,
        expected_version=if_match,
        details={"reason": reason} if reason else None,
        outbox=_indexed(demand),
    )
    events.demand_moved(session, demand=demand, action=action, actor=user, reason=reason)
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
    demand = get_for(session, demand_id=demand_id, user=user, action="delete")
    demand.deleted_at = datetime.now(UTC)
    removed = attached.remove_for(session, parent_type="demand", parent_id=demand.id)
    discard_after_commit(session, removed)
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
    if _indexed(demand):
        enqueue(session, object_type="demand", object_id=demand.id, operation="delete")
