from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth.models import User
from backend.common import pdf
from backend.common.xlsx import cell, workbook
from backend.demand_lists.models import DemandList, DemandListItem
from backend.demand_lists.schemas import DemandListCreate, DemandListPublish, DemandListRead
from backend.demands import repository as demands
from backend.demands import service as demand_reads
from backend.demands.models import Demand
from backend.errors import FieldError, duplicate, invalid, not_found
from backend.policy import principal_of
from backend.policy.demand_lists import DEMAND_LIST_POLICY
from backend.policy.demands import DEMAND_POLICY

EXPORT_COLUMNS = (
    ("序号", None),
    ("需求编号", "external_id"),
    ("需求名称", "title"),
    ("发布单位", "organization"),
    ("所属领域", "field"),
    ("应用行业", "industry"),
    ("所在地区", "region"),
    ("场景层级", "scenario_tier"),
    ("预算下限（万元）", "budget_min_wan"),
    ("预算上限（万元）", "budget_max_wan"),
    ("要求成熟度 TRL", "trl_required"),
    ("合作方式", "cooperation_mode"),
    ("截止日期", "deadline"),
    ("需求描述", "description"),
)


def get(session: Session, list_id: int) -> DemandList:
    row = session.get(DemandList, list_id)
    if row is None:
        raise not_found("需求清单", "Demand list", "demand_list.not_found")
    return row


def get_visible(session: Session, *, list_id: int, user: User | None) -> DemandList:
    return DEMAND_LIST_POLICY.require_visible(principal_of(user), session.get(DemandList, list_id))


def create(session: Session, *, user: User, data: DemandListCreate) -> DemandList:
    """A draft list of published demands of the official's region (province-wide: any)."""
    principal = principal_of(user)
    problems = []
    for demand_id in dict.fromkeys(data.demand_ids):
        demand = demands.get(session, demand_id)
        if demand is None or not DEMAND_POLICY.can_view(principal, demand):
            problems.append(
                FieldError(
                    "demand_ids",
                    f"需求 {demand_id} 不存在",
                    f"Demand {demand_id} does not exist",
                )
            )
        elif (refusal := DEMAND_POLICY.refusal(principal, "include_in_list", demand)) is not None:
            unpublished = refusal.status_code == 409
            problems.append(
                FieldError(
                    "demand_ids",
                    f"需求 {demand_id} 未发布"
                    if unpublished
                    else f"需求 {demand_id}：{refusal.message_zh}",
                    f"Demand {demand_id} is not published"
                    if unpublished
                    else f"Demand {demand_id}: {refusal.message_en}",
                    code="not_published" if unpublished else "outside_region",
                )
            )
    if problems:
        raise invalid(problems)
    region = None if principal.is_province_wide else user.region
    row = DemandList(title=data.title, created_by=user.id, status="draft", region=region)
    row.items = [
        DemandListItem(demand_id=d, position=i + 1)
        for i, d in enumerate(dict.fromkeys(data.demand_ids))
    ]
    session.add(row)
    session.flush()
    record(
        session,
        object_type="demand_list",
        object_id=row.id,
        action="create",
        actor_id=user.id,
        to_state="draft",
    )
    return row


def publish(
    session: Session, *, list_id: int, user: User, data: DemandListPublish | None = None
) -> DemandList:
    row = get_visible(session, list_id=list_id, user=user)
    DEMAND_LIST_POLICY.require(principal_of(user), "publish", row)
    document = data or DemandListPublish()
    if document.document_number is not None and session.scalar(
        select(DemandList.id).where(DemandList.document_number == document.document_number)
    ):
        raise duplicate("demand_lists", ("document_number",))
    row.status = "published"
    row.published_at = datetime.now(UTC)
    row.issuing_body = document.issuing_body
    row.document_number = document.document_number
    session.flush()
    record(
        session,
        object_type="demand_list",
        object_id=row.id,
        action="publish",
        actor_id=user.id,
        from_state="draft",
        to_state="published",
        details={
            "issuing_body": document.issuing_body,
            "document_number": document.document_number,
        },
    )
    return row


def list_lists(session: Session, *, user: User | None, published_only: bool) -> list[DemandList]:
    stmt = select(DemandList).order_by(DemandList.id.desc())
    if published_only:
        stmt = stmt.where(DemandList.status == "published")
    principal = principal_of(user)
    return [r for r in session.scalars(stmt) if DEMAND_LIST_POLICY.can_view(principal, r)]


def members(session: Session, row: DemandList) -> list[Demand]:
    out = []
    for item in row.items:
        demand = demands.get(session, item.demand_id)
        if demand is not None:
            out.append(demand)
    return out


def to_read(session: Session, row: DemandList, *, user: User | None) -> DemandListRead:
    return DemandListRead(
        id=row.id,
        title=row.title,
        status=row.status,
        region=row.region,
        next_actions=DEMAND_LIST_POLICY.next_actions(principal_of(user), row),
        published_at=row.published_at,
        issuing_body=row.issuing_body,
        document_number=row.document_number,
        created_at=row.created_at,
        version=row.version,
        demands=demand_reads.public_items(session, members(session, row)),
    )


def _cells(position: int, demand: Demand) -> list[object]:
    out: list[object] = []
    for _, attr in EXPORT_COLUMNS:
        if attr is None:
            out.append(position)
        elif attr == "organization":
            out.append(demand.organization.name)
        else:
            out.append(getattr(demand, attr))
    return out


def export(session: Session, row: DemandList, fmt: str) -> bytes:
    rows = [_cells(i + 1, d) for i, d in enumerate(members(session, row))]
    headers = [h for h, _ in EXPORT_COLUMNS]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(headers)
        writer.writerows([[cell(v) for v in r] for r in rows])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens Chinese CSV right
    return workbook([("需求清单", [[row.title], headers, *rows])], header_row=2)


def _budget(demand: Demand) -> str:
    low, high = demand.budget_min_wan, demand.budget_max_wan
    if low is None and high is None:
        return "面议"
    if low is None:
        return f"不超过 {high:g} 万元"
    if high is None:
        return f"不低于 {low:g} 万元"
    if low == high:
        return f"{low:g} 万元"
    return f"{low:g}–{high:g} 万元"


PDF_COLUMNS = ("序号", "需求名称", "发布单位", "所属领域", "所在地区", "预算")
PDF_WIDTHS = (0.07, 0.33, 0.22, 0.12, 0.12, 0.14)


def export_pdf(session: Session, row: DemandList) -> bytes:
    """The list as the document it is: its head, then its demands numbered in order."""
    demands_in_order = members(session, row)
    return pdf.render(
        pdf.DocumentHead(
            title=row.title,
            issuing_body=row.issuing_body,
            document_number=row.document_number,
            issued_on=row.published_at.astimezone(pdf.BEIJING).date() if row.published_at else None,
        ),
        [
            pdf.Rows(
                PDF_COLUMNS,
                tuple(
                    (
                        str(i + 1),
                        d.title,
                        d.organization.name,
                        d.field,
                        d.region,
                        _budget(d),
                    )
                    for i, d in enumerate(demands_in_order)
                ),
                PDF_WIDTHS,
            )
        ],
    )
