"""Applications for demonstration: 初审 → 专家评审 → 公示 → 认定, or rejected at any stage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth import repository as users
from backend.auth.models import User
from backend.common.schemas import NextAction
from backend.common.workflow import Role, holds_any
from backend.config import Settings
from backend.demands.models import Demand
from backend.demands.service import check_version, is_official_for
from backend.errors import conflict, forbidden, invalid_field, not_found
from backend.matches import service as matches
from backend.matches.models import Match
from backend.matches.workflow import MATCH_WORKFLOW
from backend.review import repository
from backend.review.models import Application, Notice
from backend.review.notices import notice_read
from backend.review.schemas import (
    ApplicationCreate,
    ApplicationRead,
    AssignmentRead,
    ScoreRead,
)
from backend.review.workflow import APPLICATION_WORKFLOW
from backend.scenarios import service as scenarios


def now() -> datetime:
    return datetime.now(UTC)


def get(session: Session, *, application_id: int) -> Application:
    application = repository.get(session, application_id)
    if application is None:
        raise not_found("示范申报", "Application", "application.not_found")
    return application


def context(session: Session, application: Application) -> tuple[Match, Demand]:
    match = matches.get(session, match_id=application.match_id)
    return match, matches.demand_of(session, match)


def is_party(user: User, match: Match, demand: Demand) -> bool:
    return bool(matches.sides(user, match, demand))


def is_assigned_expert(session: Session, user: User, application: Application) -> bool:
    if not holds_any(user.roles, [Role.EXPERT]):
        return False
    a = repository.assignment(session, application_id=application.id, expert_id=user.id)
    return a is not None


def get_visible(session: Session, *, application_id: int, user: User) -> Application:
    application = get(session, application_id=application_id)
    match, demand = context(session, application)
    if not (
        is_party(user, match, demand)
        or is_official_for(user, demand.region)
        or is_assigned_expert(session, user, application)
    ):
        raise not_found("示范申报", "Application", "application.not_found")
    return application


def official_for(session: Session, user: User, application: Application) -> Demand:
    _, demand = context(session, application)
    if not is_official_for(user, demand.region):
        raise forbidden("该申报不在您的管辖范围内", "This application is outside your region")
    return demand


def move(
    session: Session,
    application: Application,
    *,
    action: str,
    user: User,
    if_match: int | None,
    details: dict[str, object] | None = None,
) -> str:
    check_version(application.version, if_match)
    t = APPLICATION_WORKFLOW.require(action, application.status)
    before = application.status
    application.status = t.target
    application.updated_at = now()  # bumps the version even when the state stays the same
    session.flush()
    record(
        session,
        object_type="application",
        object_id=application.id,
        action=action,
        actor_id=user.id,
        from_state=before,
        to_state=t.target,
        details=details,
    )
    return before


def create(session: Session, *, user: User, data: ApplicationCreate) -> Application:
    match = matches.get(session, match_id=data.match_id)
    demand = matches.demand_of(session, match)
    if not is_party(user, match, demand):
        raise forbidden("只有匹配双方可以申报", "Only the parties of the match may apply")
    MATCH_WORKFLOW.require("apply", match.status)
    application = Application(match_id=match.id, applicant_id=user.id, pilot_plan=data.pilot_plan)
    session.add(application)
    match.status = "applied"
    matches.feedback(session, match=match, signal="apply")
    session.flush()
    record(
        session,
        object_type="match",
        object_id=match.id,
        action="apply",
        actor_id=user.id,
        from_state="engaged",
        to_state="applied",
    )
    record(
        session,
        object_type="application",
        object_id=application.id,
        action="create",
        actor_id=user.id,
        to_state="submitted",
        details={"match_id": match.id},
    )
    return application


def preliminary_review(
    session: Session,
    *,
    application_id: int,
    user: User,
    decision: str,
    comment: str,
    if_match: int | None,
) -> Application:
    application = get(session, application_id=application_id)
    official_for(session, user, application)
    application.preliminary_comment = comment or None
    if decision == "reject":
        if application.status != "submitted":
            APPLICATION_WORKFLOW.require("pass", application.status)  # 409 naming the state
        return reject(
            session,
            application_id=application_id,
            user=user,
            reason=comment or "初审未通过",
            if_match=if_match,
        )
    move(
        session,
        application,
        action="pass",
        user=user,
        if_match=if_match,
        details={"comment": comment},
    )
    return application


def open_notice(
    session: Session,
    *,
    application_id: int,
    user: User,
    days: int,
    settings: Settings,
    if_match: int | None,
) -> Application:
    application = get(session, application_id=application_id)
    _, demand = context(session, application)
    official_for(session, user, application)
    if days < settings.notice_min_days:
        raise invalid_field(
            "days",
            f"公示期不少于 {settings.notice_min_days} 天",
            f"A notice lasts at least {settings.notice_min_days} days",
        )
    APPLICATION_WORKFLOW.require("open_notice", application.status)
    count = repository.score_count(session, application.id)
    if count < settings.min_experts:
        raise conflict(
            "application.not_enough_scores",
            f"需至少 {settings.min_experts} 位专家评分，目前 {count} 位",
            f"Needs {settings.min_experts} expert scores, has {count}",
            current_state=application.status,
        )
    start = now()
    session.add(
        Notice(
            application_id=application.id,
            title=f"关于拟认定「{demand.title}」示范应用场景的公示",
            days=days,
            starts_at=start,
            ends_at=start + timedelta(days=days),
        )
    )
    move(
        session,
        application,
        action="open_notice",
        user=user,
        if_match=if_match,
        details={"days": days},
    )
    return application


def designate(
    session: Session, *, application_id: int, user: User, if_match: int | None
) -> Application:
    """认定: only after the notice has ended with no objection left open or upheld."""
    application = get(session, application_id=application_id)
    official_for(session, user, application)
    APPLICATION_WORKFLOW.require("designate", application.status)
    notice = repository.notice_for(session, application.id)
    if notice is None or notice.ends_at > now():
        raise conflict(
            "application.notice_running",
            "公示期尚未结束，不能认定",
            "The public notice has not ended yet",
            current_state=application.status,
        )
    blocking = [o for o in repository.objections(session, notice.id) if o.status != "dismissed"]
    if blocking:
        raise conflict(
            "application.open_objection",
            "公示期间有未处理或成立的异议，不能认定",
            "An objection is open or upheld",
            current_state=application.status,
        )
    move(session, application, action="designate", user=user, if_match=if_match)
    application.decided_at = now()
    match, demand = context(session, application)
    matches.feedback(session, match=match, signal="designate")
    scenarios.create_from(
        session, application=application, match=match, demand=demand, actor_id=user.id
    )
    return application


def reject(
    session: Session, *, application_id: int, user: User, reason: str, if_match: int | None
) -> Application:
    application = get(session, application_id=application_id)
    official_for(session, user, application)
    move(
        session,
        application,
        action="reject",
        user=user,
        if_match=if_match,
        details={"reason": reason},
    )
    application.reject_reason = reason
    application.decided_at = now()
    match, _ = context(session, application)
    matches.feedback(session, match=match, signal="reject")
    session.flush()
    return application


def visible_list(session: Session, *, user: User, statuses: list[str] | None) -> list[Application]:
    """Officials see their region's applications, experts their assignments, parties their own."""
    assigned = set(repository.assigned_application_ids(session, user.id))
    out = []
    for application in repository.list_all(session, statuses=statuses):
        match, demand = context(session, application)
        if (
            is_official_for(user, demand.region)
            or is_party(user, match, demand)
            or application.id in assigned
        ):
            out.append(application)
    return out


def to_read(session: Session, application: Application, *, user: User) -> ApplicationRead:
    read = ApplicationRead.model_validate(application)
    match, demand = context(session, application)
    read.match = matches.to_read(session, match, application.id)
    assignments = repository.assignments(session, application.id)
    names = {a.expert_id: users.by_id(session, a.expert_id) for a in assignments}
    read.assignments = [
        AssignmentRead(
            expert_id=a.expert_id,
            status=a.status,
            conflict_reason=a.conflict_reason,
            expert_name=(u.display_name if (u := names[a.expert_id]) else ""),
        )
        for a in assignments
    ]
    all_scores = repository.scores(session, application.id)
    read.score_count = len(all_scores)
    if all_scores:
        read.average_total = round(sum(s.total for s in all_scores) / len(all_scores), 2)
    if is_official_for(user, demand.region):
        read.scores = [ScoreRead.model_validate(s) for s in all_scores]
    else:
        read.scores = [ScoreRead.model_validate(s) for s in all_scores if s.expert_id == user.id]
    notice = repository.notice_for(session, application.id)
    read.notice = notice_read(session, notice) if notice else None
    scenario = scenarios.for_application(session, application.id)
    read.scenario_id = scenario.id if scenario else None
    read.next_actions = [
        NextAction(action=t.action, roles=sorted(r.value for r in t.roles))
        for t in APPLICATION_WORKFLOW.next_actions(application.status)
    ]
    return read
