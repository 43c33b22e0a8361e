from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from backend.attachments import reads as attachments
from backend.attachments import repository as attached
from backend.attachments.cleanup import discard_after_commit
from backend.audit.service import record
from backend.auth.models import User
from backend.common.schemas import DemandLink, ScenarioLink
from backend.common.transitions import check_version
from backend.common.workflow import Role
from backend.errors import invalid_field, not_found
from backend.indexing.outbox import enqueue
from backend.policy import principal_of
from backend.policy.organizations import require_active_member
from backend.policy.solutions import SOLUTION_POLICY
from backend.solutions import repository
from backend.solutions.models import Solution
from backend.solutions.schemas import (
    SolutionCreate,
    SolutionDetail,
    SolutionPublic,
    SolutionRead,
    SolutionUpdate,
)


def get(session: Session, *, solution_id: int) -> Solution:
    solution = repository.get(session, solution_id)
    if solution is None:
        raise not_found("解决方案", "Solution", "solution.not_found")
    return solution


def get_for(session: Session, *, solution_id: int, user: User, action: str) -> Solution:
    """The solution, once the policy lets `user` take `action` on it."""
    solution = get(session, solution_id=solution_id)
    SOLUTION_POLICY.require(principal_of(user), action, solution)
    return solution


def get_readable(session: Session, *, solution_id: int, user: User, action: str) -> Solution:
    """A solution whose read permission `action` `user` holds; others 404."""
    solution = get(session, solution_id=solution_id)
    if not SOLUTION_POLICY.allows(principal_of(user), action, solution):
        raise SOLUTION_POLICY.not_found()
    return solution


def to_read(session: Session, solution: Solution, *, user: User) -> SolutionRead:
    return to_reads(session, [solution], user=user)[0]


def to_reads(session: Session, solutions: Sequence[Solution], *, user: User) -> list[SolutionRead]:
    """Solutions as `user` may act on them, their attachments read in one query."""
    principal = principal_of(user)
    ids = [s.id for s in solutions]
    listed = attachments.listed(session, parent_type="solution", parent_ids=ids)
    reads = []
    for solution in solutions:
        read = SolutionRead.model_validate(solution)
        read.attachments = listed[solution.id]
        read.next_actions = SOLUTION_POLICY.next_actions(principal, solution)
        reads.append(read)
    return reads


def create(session: Session, *, user: User, data: SolutionCreate) -> Solution:
    require_active_member(principal_of(user), Role.PROVIDER)
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
    solution = get_for(session, solution_id=solution_id, user=user, action="edit")
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
    solution = get_for(session, solution_id=solution_id, user=user, action="delete")
    solution.deleted_at = datetime.now(UTC)
    removed = attached.remove_for(session, parent_type="solution", parent_id=solution.id)
    discard_after_commit(session, removed)
    session.flush()
    record(
        session, object_type="solution", object_id=solution.id, action="delete", actor_id=user.id
    )
    enqueue(session, object_type="solution", object_id=solution.id, operation="delete")


def public_items(solutions: Sequence[Solution]) -> list[SolutionPublic]:
    return [SolutionPublic.model_validate(s) for s in solutions]


# how many answered demands and scenarios a solution page lists
DETAIL_LINKS = 50


def detail(session: Session, *, solution_id: int, user: User | None) -> SolutionDetail:
    """The solution page for whoever may read the solution (others 404): the solution, the
    public demands both sides engaged on with it, its scenarios, its attachments."""
    principal = principal_of(user)
    solution = SOLUTION_POLICY.require_visible(principal, repository.get(session, solution_id))
    read = SolutionDetail.model_validate(solution)
    read.answered_demands = [
        DemandLink.model_validate(d)
        for d in repository.answered_demands(session, solution.id, limit=DETAIL_LINKS)
    ]
    read.scenarios = [
        ScenarioLink.model_validate(s)
        for s in repository.scenarios_of(session, solution_id=solution.id, limit=DETAIL_LINKS)
    ]
    read.attachments = attachments.listed_for(
        session, parent_type="solution", parent_id=solution.id
    )
    read.next_actions = SOLUTION_POLICY.next_actions(principal, solution)
    return read
