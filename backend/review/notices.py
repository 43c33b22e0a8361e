"""公示: public notices and the objections lodged against them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth.models import User
from backend.common import pdf
from backend.errors import not_found
from backend.matches import service as matches
from backend.notifications import events
from backend.organizations import repository as organizations
from backend.policy import principal_of
from backend.policy.notices import NOTICE_POLICY, OBJECTION_POLICY, NoticeView, ObjectionView
from backend.review import repository
from backend.review.models import Notice, Objection
from backend.review.schemas import NoticeRead, ObjectionRead


def notice_read(
    session: Session, notice: Notice, *, user: User | None, region: str | None
) -> NoticeRead:
    principal = principal_of(user)
    read = NoticeRead.model_validate(notice)
    read.is_open = notice.ends_at > datetime.now(UTC)
    read.objections = []
    for o in repository.objections(session, notice.id):
        objection = ObjectionRead.model_validate(o)
        if region is not None:
            objection.next_actions = OBJECTION_POLICY.next_actions(
                principal, ObjectionView(o, region)
            )
        read.objections.append(objection)
    read.next_actions = NOTICE_POLICY.next_actions(principal, NoticeView(notice, datetime.now(UTC)))
    return read


def public_notices(
    session: Session, *, user: User | None, include_closed: bool
) -> list[NoticeRead]:
    reads = [notice_read(session, n, user=user, region=None) for n in repository.notices(session)]
    return [r for r in reads if include_closed or r.is_open]


def _day(moment: datetime) -> str:
    local = moment.astimezone(pdf.BEIJING)
    return f"{local.year}年{local.month}月{local.day}日{local:%H:%M}"


def notice_pdf(session: Session, *, notice_id: int, user: User | None) -> bytes:
    """The notice as a document: its head, the application and scenario it announces, the
    period and how to object. Only what the public already sees: no pilot plan, no scores."""
    found = repository.notice(session, notice_id)
    view = NoticeView(found, datetime.now(UTC)) if found is not None else None
    principal = principal_of(user)
    visible = NOTICE_POLICY.require_visible(principal, view)
    NOTICE_POLICY.require(principal, "export", visible)
    notice = visible.notice
    application = repository.get(session, notice.application_id)
    if application is None:
        raise not_found("示范申报", "Application", "application.not_found")
    match = matches.get(session, match_id=application.match_id)
    demand = matches.demand_of(session, match)
    provider = organizations.get(session, match.provider_org_id)
    return pdf.render(
        pdf.DocumentHead(
            title=notice.title,
            issuing_body=notice.issuing_body,
            document_number=notice.document_number,
            issued_on=notice.starts_at.astimezone(pdf.BEIJING).date(),
        ),
        [
            pdf.Section(
                "一、拟认定的示范应用场景",
                (
                    f"场景名称：{demand.title}",
                    f"所属领域：{demand.field}　　所在地区：{demand.region}",
                    f"需求方：{demand.organization.name}",
                    f"供给方：{provider.name if provider else ''}",
                ),
            ),
            pdf.Section("二、场景说明", (demand.description,)),
            pdf.Section(
                "三、公示期",
                (f"{_day(notice.starts_at)} 至 {_day(notice.ends_at)}（共 {notice.days} 天）",),
            ),
            pdf.Section(
                "四、异议方式",
                (
                    "公示期内，任何单位或个人对上述场景有异议的，可登录场景汇平台，在「公示」页面"
                    "对本公示提出异议，写明异议事实和理由。主管部门将逐一核实处理；"
                    "异议未处理完毕或经核实成立的，不予认定。",
                ),
            ),
        ],
    )


def lodge_objection(session: Session, *, notice_id: int, user: User, text: str) -> Objection:
    notice = repository.notice(session, notice_id)
    if notice is None:
        raise NOTICE_POLICY.not_found()
    NOTICE_POLICY.require(
        principal_of(user), "lodge_objection", NoticeView(notice, datetime.now(UTC))
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
    application = repository.get(session, notice.application_id)
    if application is not None:
        events.objection_lodged(session, notice=notice, application=application, actor=user)
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
    OBJECTION_POLICY.require(principal_of(user), "resolve", ObjectionView(objection, demand.region))
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
    events.objection_resolved(session, objection=objection, application=application, actor=user)
    return objection
