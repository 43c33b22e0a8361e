"""Applications for demonstration: 初审 → 专家评审 → 公示 → 认定, or rejected at any stage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from backend.attachments import reads as attachments
from backend.audit.service import record
from backend.auth import repository as users
from backend.auth.models import User
from backend.common import transitions
from backend.config import Settings
from backend.demands.models import Demand
from backend.errors import invalid_field, not_found
from backend.matches import service as matches
from backend.matches.models import Match
from backend.matches.workflow import MATCH_WORKFLOW
from backend.notifications import events
from backend.policy import principal_of
from backend.policy.applications import APPLICATION_POLICY, ApplicationView, ReviewView, review_view
from backend.policy.matches import MATCH_POLICY
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


def view_of(session: Session, application: Application, *, settings: Settings) -> ApplicationView:
    """The application with every fact its rules need, loaded once."""
    match, demand = context(session, application)
    notice = repository.notice_for(session, application.id)
    blocking = (
        [o for o in repository.objections(session, notice.id) if o.status != "dismissed"]
        if notice
        else []
    )
    return ApplicationView(
        application=application,
        match=match,
        demand=demand,
        now=now(),
        min_experts=settings.min_experts,
        assignments={
            a.expert_id: a.status for a in repository.assignments(session, application.id)
        },
        score_count=repository.score_count(session, application.id),
        notice_ends_at=notice.ends_at if notice else None,
        blocking_objections=len(blocking),
    )


def get_visible(
    session: Session, *, application_id: int, user: User, settings: Settings
) -> ApplicationView:
    view = view_of(session, get(session, application_id=application_id), settings=settings)
    return APPLICATION_POLICY.require_visible(principal_of(user), view)


def get_for(
    session: Session, *, application_id: int, user: User, action: str, settings: Settings
) -> ApplicationView:
    """The application, once the policy lets `user` take `action` on it now."""
    view = get_visible(session, application_id=application_id, user=user, settings=settings)
    APPLICATION_POLICY.require(principal_of(user), action, view)
    return view


def move(
    session: Session,
    application: Application,
    *,
    action: str,
    user: User,
    if_match: int | None,
    details: dict[str, object] | None = None,
) -> str:
    return transitions.move(
        session,
        application,
        workflow=APPLICATION_WORKFLOW,
        action=action,
        actor_id=user.id,
        expected_version=if_match,
        details=details,
    )


def create(session: Session, *, user: User, data: ApplicationCreate) -> Application:
    view = matches.get_visible(session, match_id=data.match_id, user=user)
    MATCH_POLICY.require(principal_of(user), "apply", view)
    match = view.match
    application = Application(match_id=match.id, applicant_id=user.id, pilot_plan=data.pilot_plan)
    session.add(application)
    matches.feedback(session, match=match, signal="apply")
    transitions.move(
        session,
        match,
        workflow=MATCH_WORKFLOW,
        action="apply",
        actor_id=user.id,
        expected_version=None,
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
    settings: Settings,
) -> Application:
    action = "pass" if decision == "pass" else "reject"
    view = get_for(
        session, application_id=application_id, user=user, action="pass", settings=settings
    )
    application = view.application
    application.preliminary_comment = comment or None
    if action == "reject":
        reason = comment or "初审未通过"
        _reject(session, view, user=user, reason=reason, if_match=if_match)
        events.application_moved(
            session, application=application, kind="application_failed", actor=user, reason=reason
        )
        return application
    move(
        session,
        application,
        action="pass",
        user=user,
        if_match=if_match,
        details={"comment": comment},
    )
    events.application_moved(
        session, application=application, kind="application_passed", actor=user
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
    issuing_body: str | None = None,
    document_number: str | None = None,
) -> Application:
    if days < settings.notice_min_days:
        raise invalid_field(
            "days",
            f"公示期不少于 {settings.notice_min_days} 天",
            f"A notice lasts at least {settings.notice_min_days} days",
        )
    view = get_for(
        session, application_id=application_id, user=user, action="open_notice", settings=settings
    )
    application = view.application
    start = now()
    session.add(
        Notice(
            application_id=application.id,
            title=f"关于拟认定「{view.demand.title}」示范应用场景的公示",
            days=days,
            starts_at=start,
            ends_at=start + timedelta(days=days),
            issuing_body=issuing_body,
            document_number=document_number,
        )
    )
    move(
        session,
        application,
        action="open_notice",
        user=user,
        if_match=if_match,
        details={"days": days, "issuing_body": issuing_body, "document_number": document_number},
    )
    events.application_moved(
        session, application=application, kind="notice_opened", actor=user, days=days
    )
    return application


def designate(
    session: Session, *, application_id: int, user: User, if_match: int | None, settings: Settings
) -> Application:
    """认定: only after the notice has ended with no objection left open or upheld."""
    view = get_for(
        session, application_id=application_id, user=user, action="designate", settings=settings
    )
    application = view.application
    move(session, application, action="designate", user=user, if_match=if_match)
    application.decided_at = now()
    matches.feedback(session, match=view.match, signal="designate")
    scenarios.create_from(
        session, application=application, match=view.match, demand=view.demand, actor_id=user.id
    )
    events.application_moved(
        session, application=application, kind="application_designated", actor=user
    )
    return application


def reject(
    session: Session,
    *,
    application_id: int,
    user: User,
    reason: str,
    if_match: int | None,
    settings: Settings,
) -> Application:
    view = get_for(
        session, application_id=application_id, user=user, action="reject", settings=settings
    )
    _reject(session, view, user=user, reason=reason, if_match=if_match)
    events.application_moved(
        session,
        application=view.application,
        kind="application_rejected",
        actor=user,
        reason=reason,
    )
    return view.application


def _reject(
    session: Session, view: ApplicationView, *, user: User, reason: str, if_match: int | None
) -> Application:
    application = view.application
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
    matches.feedback(session, match=view.match, signal="reject")
    session.flush()
    return application


def visible_list(
    session: Session, *, user: User, statuses: Sequence[str] | None, settings: Settings
) -> list[ApplicationView]:
    """Officials see their region's applications, experts their assignments, parties their own."""
    principal = principal_of(user)
    views = (
        view_of(session, a, settings=settings)
        for a in repository.list_all(session, statuses=statuses)
    )
    return [v for v in views if APPLICATION_POLICY.can_view(principal, v)]


def to_read(session: Session, view: ApplicationView, *, user: User) -> ApplicationRead:
    """The application as `user` may see it: the review stays sealed (see policy.applications)."""
    principal = principal_of(user)
    application = view.application
    read = ApplicationRead.model_validate(application)
    read.match = matches.to_read(session, view.match, user=user, application_id=application.id)
    seen = review_view(principal, view)
    all_scores = repository.scores(session, application.id)
    if seen is ReviewView.FULL:
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
        read.scores = [ScoreRead.model_validate(s) for s in all_scores]
    elif seen in (ReviewView.OWN_ONLY, ReviewView.EXPERT_SCORED):
        own = repository.assignment(session, application_id=application.id, expert_id=user.id)
        read.assignments = (
            [
                AssignmentRead(
                    expert_id=own.expert_id,
                    status=own.status,
                    conflict_reason=own.conflict_reason,
                    expert_name=user.display_name,
                )
            ]
            if own
            else []
        )
        read.scores = [ScoreRead.model_validate(s) for s in all_scores if s.expert_id == user.id]
    if seen in (ReviewView.FULL, ReviewView.EXPERT_SCORED, ReviewView.AGGREGATE) and all_scores:
        read.score_count = len(all_scores)
        read.average_total = round(sum(s.total for s in all_scores) / len(all_scores), 2)
    if seen is not ReviewView.FULL:
        read.preliminary_comment = (
            application.preliminary_comment if application.status == "rejected" else None
        )
    notice = repository.notice_for(session, application.id)
    read.notice = (
        notice_read(session, notice, user=user, region=view.demand.region) if notice else None
    )
    scenario = scenarios.for_application(session, application.id)
    read.scenario_id = scenario.id if scenario else None
    read.attachments = attachments.listed_for(
        session, parent_type="application", parent_id=application.id
    )
    read.next_actions = APPLICATION_POLICY.next_actions(principal, view)
    return read
