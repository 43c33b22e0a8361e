from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from backend.api.deps import (
    CurrentUser,
    MatcherDep,
    OfficialUser,
    OptionalUser,
    PublisherUser,
    SessionDep,
)
from backend.api.headers import if_match_header
from backend.api.params import IdPath, PageParam, PageSizeParam
from backend.api.public_cache import cache_of
from backend.common.schemas import Page, ReasonIn
from backend.demands import repository, service
from backend.demands.schemas import (
    DemandCreate,
    DemandPublic,
    DemandRead,
    DemandSearchPage,
    DemandUpdate,
    SearchSort,
    SimilarDemand,
)
from backend.demands.search import public_page, similar_demands
from backend.errors import not_found
from backend.freshness.versions import DEMANDS
from backend.policy import principal_of
from backend.policy.demands import is_public, list_scope

router = APIRouter(tags=["demands"])
IfMatch = Annotated[int | None, Depends(if_match_header)]


@router.post("/demands", response_model=DemandRead, status_code=201, operation_id="createDemand")
def create_demand(data: DemandCreate, session: SessionDep, user: PublisherUser) -> DemandRead:
    return service.to_read(session, service.create(session, user=user, data=data), user=user)


@router.get("/demands", response_model=Page[DemandRead], operation_id="listDemands")
def list_demands(
    session: SessionDep,
    user: CurrentUser,
    mine: bool = False,
    status: Annotated[list[str] | None, Query()] = None,
    page: PageParam = 1,
    page_size: PageSizeParam = 20,
) -> Page[DemandRead]:
    """`mine=true`: my organization's demands. Officials see every state of their region;
    others see published ones."""
    scope = list_scope(principal_of(user), mine=mine, statuses=status)
    rows, total = (
        ([], 0)
        if scope.empty
        else repository.list_demands(
            session,
            organization_id=scope.organization_id,
            statuses=scope.statuses,
            region=scope.region,
            offset=(page - 1) * page_size,
            limit=page_size,
        )
    )
    return Page[DemandRead](
        items=service.to_reads(session, rows, user=user),
        total=total,
        page=page,
        page_size=page_size,
    )


@router.get("/demands/similar", response_model=list[SimilarDemand], operation_id="similarDemands")
def similar(
    session: SessionDep,
    _: PublisherUser,
    matcher: MatcherDep,
    text: Annotated[str, Query(min_length=2, max_length=5000)],
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> list[SimilarDemand]:
    """Near-duplicates of a demand being written, for the form's live warning."""
    return similar_demands(session, text=text, limit=limit, matcher=matcher)


@router.get("/demands/{demand_id}", response_model=DemandRead, operation_id="getDemand")
def get_demand(demand_id: IdPath, session: SessionDep, user: OptionalUser) -> DemandRead:
    demand = service.get_visible(session, demand_id=demand_id, user=user)
    return service.to_read(session, demand, user=user)


@router.patch("/demands/{demand_id}", response_model=DemandRead, operation_id="updateDemand")
def update_demand(
    demand_id: IdPath,
    data: DemandUpdate,
    session: SessionDep,
    user: PublisherUser,
    if_match: IfMatch,
) -> DemandRead:
    demand = service.update(session, demand_id=demand_id, user=user, data=data, if_match=if_match)
    return service.to_read(session, demand, user=user)


@router.delete(
    "/demands/{demand_id}", status_code=204, response_class=Response, operation_id="deleteDemand"
)
def delete_demand(demand_id: IdPath, session: SessionDep, user: PublisherUser) -> Response:
    service.delete_draft(session, demand_id=demand_id, user=user)
    return Response(status_code=204)


@router.post("/demands/{demand_id}/submit", response_model=DemandRead, operation_id="submitDemand")
def submit_demand(
    demand_id: IdPath, session: SessionDep, user: PublisherUser, if_match: IfMatch
) -> DemandRead:
    demand = service.transition(
        session, demand_id=demand_id, action="submit", user=user, if_match=if_match
    )
    return service.to_read(session, demand, user=user)


@router.post(
    "/demands/{demand_id}/publish", response_model=DemandRead, operation_id="publishDemand"
)
def publish_demand(
    demand_id: IdPath, session: SessionDep, user: OfficialUser, if_match: IfMatch
) -> DemandRead:
    demand = service.transition(
        session, demand_id=demand_id, action="publish", user=user, if_match=if_match
    )
    return service.to_read(session, demand, user=user)


@router.post("/demands/{demand_id}/return", response_model=DemandRead, operation_id="returnDemand")
def return_demand(
    demand_id: IdPath, body: ReasonIn, session: SessionDep, user: OfficialUser, if_match: IfMatch
) -> DemandRead:
    demand = service.transition(
        session,
        demand_id=demand_id,
        action="return",
        user=user,
        reason=body.reason,
        if_match=if_match,
    )
    return service.to_read(session, demand, user=user)


@router.post("/demands/{demand_id}/close", response_model=DemandRead, operation_id="closeDemand")
def close_demand(
    demand_id: IdPath, session: SessionDep, user: PublisherUser, if_match: IfMatch
) -> DemandRead:
    demand = service.transition(
        session, demand_id=demand_id, action="close", user=user, if_match=if_match
    )
    return service.to_read(session, demand, user=user)


public_router = APIRouter(tags=["public"])


@public_router.get(
    "/public/demands", response_model=DemandSearchPage, operation_id="searchPublicDemands"
)
def search_public_demands(
    request: Request,
    session: SessionDep,
    matcher: MatcherDep,
    q: Annotated[
        str | None, Query(max_length=200, description="检索词（中英文均可，按匹配引擎排序）")
    ] = None,
    field: str | None = None,
    industry: str | None = None,
    region: str | None = None,
    scenario_tier: str | None = None,
    trl_max: Annotated[int | None, Query(ge=1, le=9)] = None,
    budget_min: Annotated[float | None, Query(ge=0)] = None,
    sort: Annotated[
        SearchSort | None,
        Query(description="relevance（有检索词时默认）| newest | deadline | budget"),
    ] = None,
    page: PageParam = 1,
    page_size: PageSizeParam = 20,
) -> Response:
    filters = repository.PublicFilters(
        field=field,
        industry=industry,
        region=region,
        scenario_tier=scenario_tier,
        trl_max=trl_max,
        budget_min=budget_min,
    )

    def build() -> DemandSearchPage:
        return public_page(
            session,
            q=q,
            filters=filters,
            sort=sort,
            page=page,
            page_size=page_size,
            matcher=matcher,
            present=lambda rows: service.public_items(session, rows),
        )

    return cache_of(request).serve(request, session, topics=[DEMANDS], build=build)


@public_router.get(
    "/public/demands/{demand_id}", response_model=DemandPublic, operation_id="getPublicDemand"
)
def get_public_demand(
    request: Request, demand_id: IdPath, session: SessionDep, user: OptionalUser
) -> Response:
    """A published demand for anyone; `next_actions` are the caller's (e.g. 揭榜应答)."""

    def build() -> DemandPublic:
        demand = repository.get(session, demand_id)
        if demand is None or not is_public(demand):
            raise not_found("场景需求", "Demand", "demand.not_found")
        return service.to_public(session, demand, user=user)

    return cache_of(request).serve(request, session, topics=[DEMANDS], build=build, per_caller=True)
