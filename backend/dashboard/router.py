from __future__ import annotations

from fastapi import APIRouter, Response

from backend.api.deps import OfficialUser, SessionDep, SettingsDep
from backend.dashboard import service
from backend.dashboard.schemas import Dashboard, PublicDashboard
from backend.demand_lists.router import MEDIA

router = APIRouter(tags=["dashboard"])
public_router = APIRouter(tags=["public"])


@router.get("/dashboard", response_model=Dashboard, operation_id="getDashboard")
def get_dashboard(session: SessionDep, settings: SettingsDep, _: OfficialUser) -> Dashboard:
    return service.dashboard(session, settings)


@router.get(
    "/dashboard/export",
    response_class=Response,
    operation_id="exportDashboard",
    responses={200: {"content": {MEDIA["xlsx"]: {}}}},
)
def export_dashboard(session: SessionDep, settings: SettingsDep, _: OfficialUser) -> Response:
    body = service.export_xlsx(service.dashboard(session, settings))
    return Response(
        body,
        media_type=MEDIA["xlsx"],
        headers={"Content-Disposition": "attachment; filename*=UTF-8''dashboard.xlsx"},
    )


@public_router.get(
    "/public/dashboard", response_model=PublicDashboard, operation_id="getPublicDashboard"
)
def get_public_dashboard(session: SessionDep, settings: SettingsDep) -> PublicDashboard:
    """The programme's progress for the home page: scenarios against the targets."""
    return service.public_dashboard(session, settings)
