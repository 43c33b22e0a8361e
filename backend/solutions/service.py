from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth.models import User
from backend.demands.service import check_version
from backend.errors import forbidden, invalid_field, not_found
from backend.indexing.outbox import enqueue
from backend.solutions import repository
from backend.solutions.models import Solution
from backend.solutions.schemas import SolutionCreate, SolutionUpdate


def get(session: Session, *, solution_id: int) -> Solution:
    solution = repository.get(session, solution_id)
    if solution is None:
        raise not_found("解决方案", "Solution", "solution.not_found")
    return solution


def get_owned(session: Session, *, solution_id: int, user: User) -> Solution:
    solution = get(session, solution_id=solution_id)
    if solution.organization_id != user.organization_id:
        raise forbidden("只能修改本机构的解决方案", "Only your organization's solutions")
    return solution


def create(session: Session, *, user: User, data: SolutionCreate) -> Solution:
    solution = Solution(
        organization_id=user.organization_id, owner_id=user.id, **data.model_dump(mode="python")
    )
    session.add(solution)
    session.flush()
    record(
        session, object_type="solution", object_id=solution.id, action="create", actor_id=user.id
    )
    enqueue(session, object_type="solution", object_id=solution.id)
    return solution


def update(
    session: Session, *, solution_id: int, user: User, data: SolutionUpdate, if_match: int | None
) -> Solution:
    solution = get_owned(session, solution_id=solution_id, user=user)
    check_version(solution.version, data.version if data.version is not None else if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"}, mode="python")
    lo = changes.get("price_min_wan", solution.price_min_wan)
    hi = changes.get("price_max_wan", solution.price_max_wan)
    if lo is not None and hi is not None and lo > hi:
        raise invalid_field("price_min_wan", "报价下限不能高于上限", "Min price exceeds max")
    for key, value in changes.items():
        setattr(solution, key, value)
    session.flush()
    record(
        session,
        object_type="solution",
        object_id=solution.id,
        action="update",
        actor_id=user.id,
        details={"fields": sorted(changes)},
    )
    enqueue(session, object_type="solution", object_id=solution.id)
    return solution


def delete(session: Session, *, solution_id: int, user: User) -> None:
    solution = get_owned(session, solution_id=solution_id, user=user)
    solution.deleted_at = datetime.now(UTC)
    session.flush()
    record(
        session, object_type="solution", object_id=solution.id, action="delete", actor_id=user.id
    )
    enqueue(session, object_type="solution", object_id=solution.id, operation="delete")
