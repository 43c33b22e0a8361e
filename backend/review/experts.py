"""专家评审: assigning experts (conflicts of interest refused), declarations of conflict, scores."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.auth import repository as users
from backend.auth.models import User
from backend.common.workflow import Role
from backend.config import Settings
from backend.errors import FieldError, invalid
from backend.notifications import events
from backend.review import repository
from backend.review.models import Application, ExpertAssignment, Score
from backend.review.schemas import ScoreIn
from backend.review.service import get_for, move
from backend.review.workflow import RUBRIC


def assign_experts(
    session: Session,
    *,
    application_id: int,
    user: User,
    expert_ids: list[int],
    if_match: int | None,
    settings: Settings,
) -> Application:
    view = get_for(
        session,
        application_id=application_id,
        user=user,
        action="assign_experts",
        settings=settings,
    )
    application, match, demand = view.application, view.match, view.demand
    problems: list[FieldError] = []
    experts: list[User] = []
    for expert_id in dict.fromkeys(expert_ids):
        expert = users.by_id(session, expert_id)
        if expert is None or Role.EXPERT not in expert.roles:
            problems.append(
                FieldError(
                    "expert_ids",
                    f"用户 {expert_id} 不是评审专家",
                    f"User {expert_id} is not an expert",
                )
            )
        elif expert.organization_id in (demand.organization_id, match.provider_org_id):
            problems.append(
                FieldError(
                    "expert_ids",
                    f"专家「{expert.display_name}」来自申报方机构，存在利益冲突",
                    f"Expert {expert.display_name} belongs to a party's organization (conflict)",
                    code="conflict_of_interest",
                )
            )
        else:
            existing = repository.assignment(
                session, application_id=application.id, expert_id=expert_id
            )
            if existing is not None and existing.status == "conflict_declared":
                problems.append(
                    FieldError(
                        "expert_ids",
                        f"专家「{expert.display_name}」已声明利益冲突",
                        f"Expert {expert.display_name} has declared a conflict",
                        code="conflict_of_interest",
                    )
                )
            elif existing is None:
                experts.append(expert)
    if problems:
        raise invalid(problems)
    for expert in experts:
        session.add(ExpertAssignment(application_id=application.id, expert_id=expert.id))
    move(
        session,
        application,
        action="assign_experts",
        user=user,
        if_match=if_match,
        details={"expert_ids": [e.id for e in experts]},
    )
    events.experts_assigned(
        session, application=application, expert_ids=[e.id for e in experts], actor=user
    )
    return application


def declare_conflict(
    session: Session, *, application_id: int, user: User, reason: str, settings: Settings
) -> Application:
    """回避: an assigned expert who has not scored steps back; refused (409) once scored."""
    view = get_for(
        session,
        application_id=application_id,
        user=user,
        action="declare_conflict",
        settings=settings,
    )
    application = view.application
    assignment = repository.assignment(session, application_id=application.id, expert_id=user.id)
    assert assignment is not None  # the policy found it
    assignment.status = "conflict_declared"
    assignment.conflict_reason = reason
    move(
        session,
        application,
        action="declare_conflict",
        user=user,
        if_match=None,
        details={"reason": reason},
    )
    return application


def score(
    session: Session, *, application_id: int, user: User, data: ScoreIn, settings: Settings
) -> Score:
    view = get_for(
        session, application_id=application_id, user=user, action="score", settings=settings
    )
    application = view.application
    assignment = repository.assignment(session, application_id=application.id, expert_id=user.id)
    assert assignment is not None  # the policy found it
    values = [getattr(data, k) for k in RUBRIC]
    row = Score(
        application_id=application.id,
        expert_id=user.id,
        comment=data.comment or None,
        total=round(sum(values) / len(values), 2),
        **{k: getattr(data, k) for k in RUBRIC},
    )
    session.add(row)
    assignment.status = "scored"
    move(
        session,
        application,
        action="score",
        user=user,
        if_match=None,
        details={"total": row.total},
    )
    return row
