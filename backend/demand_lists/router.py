from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Body, Query, Response

from backend.api.deps import OfficialUser, OptionalUser, SessionDep
from backend.api.params import IdPath
from backend.demand_lists import service
from backend.demand_lists.schemas import DemandListCreate, DemandListPublish, DemandListRead

router = APIRouter(tags=["demand-lists"])
public_router = APIRouter(tags=["public"])

MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


@router.post(
    "/demand-lists",
    response_model=DemandListRead,
    status_code=201,
    operation_id="createDemandList",
)
def create_list(body: DemandListCreate, session: SessionDep, user: OfficialUser) -> DemandListRead:
    return service.to_read(session, service.create(session, user=user, data=body), user=user)


@router.get("/demand-lists", response_model=list[DemandListRead], operation_id="listDemandLists")
def list_lists(session: SessionDep, user: OfficialUser) -> list[DemandListRead]:
    """The lists of the official's region, drafts and published."""
    rows = service.list_lists(session, user=user, published_only=False)
    return [service.to_read(session, r, user=user) for r in rows]


@router.post(
    "/demand-lists/{list_id}/publish",
    response_model=DemandListRead,
    operation_id="publishDemandList",
)
def publish_list(
    list_id: IdPath,
    session: SessionDep,
    user: OfficialUser,
    body: Annotated[DemandListPublish | None, Body()] = None,
) -> DemandListRead:
    """发文单位 and 文号 are optional; a 文号 another list already has answers 409."""
    row = service.publish(session, list_id=list_id, user=user, data=body)
    return service.to_read(session, row, user=user)


@router.get(
    "/demand-lists/{list_id}/export",
    operation_id="exportDemandList",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA.values()}}},
)
def export_list(
    list_id: IdPath,
    session: SessionDep,
    user: OptionalUser,
    format: Annotated[str, Query(pattern="^(xlsx|csv|pdf)$")] = "xlsx",
) -> Response:
    """Published lists are public; drafts only for the officials of their region. `pdf` is
    the list as a document (A4, 发文单位, 文号, the demands numbered)."""
    row = service.get_visible(session, list_id=list_id, user=user)
    body = (
        service.export_pdf(session, row)
        if format == "pdf"
        else service.export(session, row, format)
    )
    filename = quote(f"{row.title}.{format}")
    return Response(
        body,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"},
    )


@public_router.get(
    "/public/demand-lists",
    response_model=list[DemandListRead],
    operation_id="listPublicDemandLists",
)
def public_lists(session: SessionDep) -> list[DemandListRead]:
    rows = service.list_lists(session, user=None, published_only=True)
    return [service.to_read(session, r, user=None) for r in rows]
