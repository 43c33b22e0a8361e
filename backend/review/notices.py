"""公示: public notices and the objections lodged against them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth.models import User
from backend.demands.service import is_official_for
from backend.errors import conflict, forbidden, not_found
from backend.matches import service as matches
from backend.review import repository
from backend.review.models import Notice, Objection
from backend.review.schemas import NoticeRead, ObjectionRead


def notice_read(session: Session, notice: Notice) -> NoticeRead:
    read = NoticeRead.model_validate(notice)
    read.is_open = notice.ends_at > datetime.now(UTC)
    read.objections = [
        ObjectionRead.model_validate(o) for o in repository.objections(session, notice.id)
    ]
    return read


def public_notices(session: Session, *, include_closed: bool) -> list[NoticeRead]:
    reads = [notice_read(session, n) for n in repository.notices(session)]
    return [r for r in reads if include_closed or r.is_open]


def lodge_objection(session: Session, *, notice_id: int, user: User, text: str) -> Objection:
    notice = repository.notice(session, notice_id)
    if notice is None:
        raise not_found("公示", "Notice", "notice.not_found")
    if notice.ends_at <= datetime.now(UTC):
        raise conflict(
            "notice.closed",
            "公示期已结束，不能再提出异议",
            "The notice period has ended",
            current_state="closed",
        )
    objection = Objection(notice_id=notice.id, author_id=user.id, text=text)
    session.add(objection)
    session.flush()
    record(
        session,
        object_type="objection",
        object_id=objection.id,
        action="lodge",
        actor_id=user.id,
        to_state="open",
        details={"notice_id": notice.id},
    )
    return objection


def resolve_objection(
    session: Session, *, objection_id: int, user: User, upheld: bool, resolution: str
) -> Objection:
    objection = repository.objection(session, objection_id)
    if objection is None:
        raise not_found("异议", "Objection", "objection.not_found")
    notice = repository.notice(session, objection.notice_id)
    application = repository.get(session, notice.application_id) if notice else None
    if application is None:
        raise not_found("示范申报", "Application", "application.not_found")
    demand = matches.demand_of(session, matches.get(session, match_id=application.match_id))
    if not is_official_for(user, demand.region):
        raise forbidden("该异议不在您的管辖范围内", "This objection is outside your region")
    if objection.status != "open":
        raise conflict(
            "objection.resolved", "该异议已处理", "Already resolved", current_state=objection.status
        )
    objection.status = "upheld" if upheld else "dismissed"
    objection.resolution = resolution
    session.flush()
    record(
        session,
        object_type="objection",
        object_id=objection.id,
        action="resolve",
        actor_id=user.id,
        from_state="open",
        to_state=objection.status,
        details={"resolution": resolution},
    )
    return objection
