"""专家评审: assigning experts (conflicts of interest refused), declarations of conflict, scores."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth import repository as users
from backend.auth.models import User
from backend.common.workflow import Role
from backend.errors import FieldError, conflict, forbidden, invalid
from backend.review import repository
from backend.review.models import Application, ExpertAssignment, Score
from backend.review.schemas import ScoreIn
from backend.review.service import context, get, move, official_for
from backend.review.workflow import APPLICATION_WORKFLOW, RUBRIC


def assign_experts(
    session: Session,
    *,
    application_id: int,
    user: User,
    expert_ids: list[int],
    if_match: int | None,
) -> Application:
    application = get(session, application_id=application_id)
    match, demand = context(session, application)
    official_for(session, user, application)
    APPLICATION_WORKFLOW.require("assign_experts", application.status)
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
    return application


def declare_conflict(
    session: Session, *, application_id: int, user: User, reason: str
) -> Application:
    application = get(session, application_id=application_id)
    assignment = repository.assignment(session, application_id=application.id, expert_id=user.id)
    if assignment is None:
        raise forbidden("您未被分配评审该申报", "You are not assigned to this application")
    APPLICATION_WORKFLOW.require("declare_conflict", application.status)
    if assignment.status == "scored":
        raise conflict(
            "application.already_scored",
            "您已评分，不能再声明回避",
            "You have already scored",
            current_state=application.status,
        )
    assignment.status = "conflict_declared"
    assignment.conflict_reason = reason
    session.flush()
    record(
        session,
        object_type="application",
        object_id=application.id,
        action="declare_conflict",
        actor_id=user.id,
        from_state=application.status,
        to_state=application.status,
        details={"reason": reason},
    )
    return application


def score(session: Session, *, application_id: int, user: User, data: ScoreIn) -> Score:
    application = get(session, application_id=application_id)
    assignment = repository.assignment(session, application_id=application.id, expert_id=user.id)
    if assignment is None:
        raise forbidden("您未被分配评审该申报", "You are not assigned to this application")
    APPLICATION_WORKFLOW.require("score", application.status)
    if assignment.status == "conflict_declared":
        raise conflict(
            "application.conflict_declared",
            "您已声明回避，不能评分",
            "You declared a conflict and cannot score",
            current_state=application.status,
        )
    if assignment.status == "scored":
        raise conflict(
            "application.already_scored",
            "每位专家只能评分一次",
            "Each expert scores once",
            current_state=application.status,
        )
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
    session.flush()
    record(
        session,
        object_type="application",
        object_id=application.id,
        action="score",
        actor_id=user.id,
        from_state=application.status,
        to_state=application.status,
        details={"total": row.total},
    )
    return row
