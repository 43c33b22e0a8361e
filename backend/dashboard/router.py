from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from backend.api.deps import OfficialUser, SessionDep, SettingsDep
from backend.api.public_cache import cache_of
from backend.auth.models import User
from backend.dashboard import service
from backend.dashboard.schemas import Dashboard, PublicDashboard
from backend.demand_lists.router import MEDIA
from backend.freshness.versions import DASHBOARD
from backend.policy import principal_of

router = APIRouter(tags=["dashboard"])
public_router = APIRouter(tags=["public"])


ScopeParam = Annotated[
    Literal["region", "province"] | None,
    Query(description="region：本市（市级用户默认）；province：全省"),
]


def _scope(user: User, scope: str | None) -> service.Scope:
    return service.scope_for(principal_of(user), province=scope == "province")


@router.get("/dashboard", response_model=Dashboard, operation_id="getDashboard")
def get_dashboard(
    session: SessionDep, settings: SettingsDep, user: OfficialUser, scope: ScopeParam = None
) -> Dashboard:
    return service.dashboard(session, settings, _scope(user, scope))


@router.get(
    "/dashboard/export",
    response_class=Response,
    operation_id="exportDashboard",
    responses={200: {"content": {MEDIA["xlsx"]: {}}}},
)
def export_dashboard(
    session: SessionDep, settings: SettingsDep, user: OfficialUser, scope: ScopeParam = None
) -> Response:
    body = service.export_xlsx(service.dashboard(session, settings, _scope(user, scope)))
    return Response(
        body,
        media_type=MEDIA["xlsx"],
        headers={"Content-Disposition": "attachment; filename*=UTF-8''dashboard.xlsx"},
    )


@public_router.get(
    "/public/dashboard", response_model=PublicDashboard, operation_id="getPublicDashboard"
)
def get_public_dashboard(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """The programme's progress for the home page: scenarios against the targets."""
    return cache_of(request).serve(
        request,
        session,
        topics=[DASHBOARD],
        build=lambda: service.public_dashboard(session, settings),
    )
