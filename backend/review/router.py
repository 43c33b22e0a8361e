from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.orm import Session

from backend.api.deps import (
    CurrentUser,
    ExpertUser,
    MarketUser,
    OfficialUser,
    OptionalUser,
    SessionDep,
    SettingsDep,
)
from backend.api.headers import if_match_header
from backend.api.params import IdPath
from backend.auth.models import User
from backend.common.schemas import ReasonIn
from backend.config import Settings
from backend.review import experts, notices, service
from backend.review.schemas import (
    ApplicationCreate,
    ApplicationRead,
    ConflictIn,
    ExpertsIn,
    NoticeIn,
    NoticeRead,
    ObjectionIn,
    ObjectionRead,
    ObjectionResolveIn,
    PreliminaryReviewIn,
    ScoreIn,
    ScoreRead,
)
from backend.review.workflow import ApplicationStatus
from backend.scenarios import service as scenarios
from backend.scenarios.schemas import ScenarioRead

router = APIRouter(tags=["review"])
public_router = APIRouter(tags=["public"])
IfMatch = Annotated[int | None, Depends(if_match_header)]


def _read(
    session: Session, application_id: int, *, user: User, settings: Settings
) -> ApplicationRead:
    """The application as `user` sees it after the change (its facts reloaded)."""
    view = service.get_visible(session, application_id=application_id, user=user, settings=settings)
    return service.to_read(session, view, user=user)


@router.post(
    "/applications",
    response_model=ApplicationRead,
    status_code=201,
    operation_id="createApplication",
)
def create_application(
    body: ApplicationCreate, session: SessionDep, user: MarketUser, settings: SettingsDep
) -> ApplicationRead:
    application = service.create(session, user=user, data=body)
    return _read(session, application.id, user=user, settings=settings)


@router.get("/applications", response_model=list[ApplicationRead], operation_id="listApplications")
def list_applications(
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    status: Annotated[list[ApplicationStatus] | None, Query()] = None,
) -> list[ApplicationRead]:
    rows = service.visible_list(session, user=user, statuses=status, settings=settings)
    return [service.to_read(session, v, user=user) for v in rows]


@router.get(
    "/applications/{application_id}",
    response_model=ApplicationRead,
    operation_id="getApplication",
)
def get_application(
    application_id: IdPath, session: SessionDep, user: CurrentUser, settings: SettingsDep
) -> ApplicationRead:
    return _read(session, application_id, user=user, settings=settings)


@router.post(
    "/applications/{application_id}/preliminary-review",
    response_model=ApplicationRead,
    operation_id="preliminaryReview",
)
def preliminary_review(
    application_id: IdPath,
    body: PreliminaryReviewIn,
    session: SessionDep,
    user: OfficialUser,
    settings: SettingsDep,
    if_match: IfMatch,
) -> ApplicationRead:
    application = service.preliminary_review(
        session,
        application_id=application_id,
        user=user,
        decision=body.decision.value,
        comment=body.comment,
        if_match=if_match,
        settings=settings,
    )
    return _read(session, application.id, user=user, settings=settings)


@router.post(
    "/applications/{application_id}/experts",
    response_model=ApplicationRead,
    operation_id="assignExperts",
)
def assign_experts(
    application_id: IdPath,
    body: ExpertsIn,
    session: SessionDep,
    user: OfficialUser,
    settings: SettingsDep,
    if_match: IfMatch,
) -> ApplicationRead:
    application = experts.assign_experts(
        session,
        application_id=application_id,
        user=user,
        expert_ids=body.expert_ids,
        if_match=if_match,
        settings=settings,
    )
    return _read(session, application.id, user=user, settings=settings)


@router.post(
    "/applications/{application_id}/conflict",
    response_model=ApplicationRead,
    operation_id="declareConflict",
)
def declare_conflict(
    application_id: IdPath,
    body: ConflictIn,
    session: SessionDep,
    user: ExpertUser,
    settings: SettingsDep,
) -> ApplicationRead:
    application = experts.declare_conflict(
        session, application_id=application_id, user=user, reason=body.reason, settings=settings
    )
    return _read(session, application.id, user=user, settings=settings)


@router.post(
    "/applications/{application_id}/scores",
    response_model=ScoreRead,
    status_code=201,
    operation_id="scoreApplication",
)
def score_application(
    application_id: IdPath,
    body: ScoreIn,
    session: SessionDep,
    user: ExpertUser,
    settings: SettingsDep,
) -> ScoreRead:
    row = experts.score(
        session, application_id=application_id, user=user, data=body, settings=settings
    )
    return ScoreRead.model_validate(row)


@router.post(
    "/applications/{application_id}/notice",
    response_model=ApplicationRead,
    status_code=201,
    operation_id="openNotice",
)
def open_notice(
    application_id: IdPath,
    body: NoticeIn,
    session: SessionDep,
    user: OfficialUser,
    settings: SettingsDep,
    if_match: IfMatch,
) -> ApplicationRead:
    application = service.open_notice(
        session,
        application_id=application_id,
        user=user,
        days=body.days,
        settings=settings,
        if_match=if_match,
        issuing_body=body.issuing_body,
        document_number=body.document_number,
    )
    return _read(session, application.id, user=user, settings=settings)


@router.post(
    "/applications/{application_id}/designate",
    response_model=ScenarioRead,
    status_code=201,
    operation_id="designateApplication",
)
def designate(
    application_id: IdPath,
    session: SessionDep,
    user: OfficialUser,
    settings: SettingsDep,
    if_match: IfMatch,
) -> ScenarioRead:
    application = service.designate(
        session, application_id=application_id, user=user, if_match=if_match, settings=settings
    )
    scenario = scenarios.for_application(session, application.id)
    assert scenario is not None
    return scenarios.to_read(session, scenario, user=user)


@router.post(
    "/applications/{application_id}/reject",
    response_model=ApplicationRead,
    operation_id="rejectApplication",
)
def reject(
    application_id: IdPath,
    body: ReasonIn,
    session: SessionDep,
    user: OfficialUser,
    settings: SettingsDep,
    if_match: IfMatch,
) -> ApplicationRead:
    application = service.reject(
        session,
        application_id=application_id,
        user=user,
        reason=body.reason,
        if_match=if_match,
        settings=settings,
    )
    return _read(session, application.id, user=user, settings=settings)


@router.post(
    "/notices/{notice_id}/objections",
    response_model=ObjectionRead,
    status_code=201,
    operation_id="lodgeObjection",
)
def lodge_objection(
    notice_id: IdPath, body: ObjectionIn, session: SessionDep, user: CurrentUser
) -> ObjectionRead:
    objection = notices.lodge_objection(session, notice_id=notice_id, user=user, text=body.text)
    return ObjectionRead.model_validate(objection)


@router.post(
    "/objections/{objection_id}/resolve",
    response_model=ObjectionRead,
    operation_id="resolveObjection",
)
def resolve_objection(
    objection_id: IdPath, body: ObjectionResolveIn, session: SessionDep, user: OfficialUser
) -> ObjectionRead:
    objection = notices.resolve_objection(
        session,
        objection_id=objection_id,
        user=user,
        upheld=body.upheld,
        resolution=body.resolution,
    )
    return ObjectionRead.model_validate(objection)


@public_router.get(
    "/public/notices", response_model=list[NoticeRead], operation_id="listPublicNotices"
)
def list_public_notices(
    session: SessionDep, user: OptionalUser, include_closed: bool = False
) -> list[NoticeRead]:
    """Notices for anyone; `next_actions` are the caller's (异议 while a notice runs)."""
    return notices.public_notices(session, user=user, include_closed=include_closed)


@public_router.get(
    "/public/notices/{notice_id}/export",
    operation_id="exportPublicNotice",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def export_notice(
    notice_id: IdPath,
    session: SessionDep,
    user: OptionalUser,
    format: Annotated[str, Query(pattern="^pdf$")] = "pdf",
) -> Response:
    """The notice as a document (A4, 发文单位, 文号, the application, the period, how to object);
    visible to whoever may see the notice."""
    body = notices.notice_pdf(session, notice_id=notice_id, user=user)
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(f'公示{notice_id}.pdf')}"
        },
    )
