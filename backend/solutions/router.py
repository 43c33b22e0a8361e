from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from backend.api.deps import CurrentUser, MatcherDep, OptionalUser, ProviderUser, SessionDep
from backend.api.headers import if_match_header
from backend.api.params import IdPath, PageParam, PageSizeParam
from backend.api.public_cache import cache_of
from backend.common.schemas import Page
from backend.freshness.versions import SOLUTIONS
from backend.matches import service as matches
from backend.matches.schemas import Recommendation
from backend.policy import principal_of
from backend.policy.solutions import catalogue_scope
from backend.solutions import repository, service
from backend.solutions.schemas import (
    CatalogueSort,
    SolutionCatalogue,
    SolutionCreate,
    SolutionDetail,
    SolutionRead,
    SolutionUpdate,
)
from backend.solutions.search import catalogue

router = APIRouter(tags=["solutions"])
IfMatch = Annotated[int | None, Depends(if_match_header)]


@router.post(
    "/solutions", response_model=SolutionRead, status_code=201, operation_id="createSolution"
)
def create_solution(data: SolutionCreate, session: SessionDep, user: ProviderUser) -> SolutionRead:
    return service.to_read(session, service.create(session, user=user, data=data), user=user)


@router.get("/solutions", response_model=Page[SolutionRead], operation_id="listSolutions")
def list_solutions(
    session: SessionDep,
    user: CurrentUser,
    mine: bool = False,
    page: PageParam = 1,
    page_size: PageSizeParam = 20,
) -> Page[SolutionRead]:
    organization_id = principal_of(user).organization_id if mine else None
    if mine and organization_id is None:
        return Page[SolutionRead](items=[], total=0, page=page, page_size=page_size)
    rows, total = repository.list_solutions(
        session,
        organization_id=organization_id,
        offset=(page - 1) * page_size,
        limit=page_size,
    )
    return Page[SolutionRead](
        items=service.to_reads(session, rows, user=user),
        total=total,
        page=page,
        page_size=page_size,
    )


@router.get(
    "/solutions/recommended",
    response_model=list[Recommendation],
    operation_id="recommendedDemands",
)
def recommended_demands(
    session: SessionDep, user: ProviderUser, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> list[Recommendation]:
    """Published demands that fit my organization's solutions, best first."""
    return matches.recommended(session, user=user, limit=limit)


@router.get("/solutions/{solution_id}", response_model=SolutionRead, operation_id="getSolution")
def get_solution(solution_id: IdPath, session: SessionDep, user: CurrentUser) -> SolutionRead:
    return service.to_read(session, service.get(session, solution_id=solution_id), user=user)


@router.patch(
    "/solutions/{solution_id}", response_model=SolutionRead, operation_id="updateSolution"
)
def update_solution(
    solution_id: IdPath,
    data: SolutionUpdate,
    session: SessionDep,
    user: ProviderUser,
    if_match: IfMatch,
) -> SolutionRead:
    solution = service.update(
        session, solution_id=solution_id, user=user, data=data, if_match=if_match
    )
    return service.to_read(session, solution, user=user)


@router.delete(
    "/solutions/{solution_id}",
    status_code=204,
    response_class=Response,
    operation_id="deleteSolution",
)
def delete_solution(solution_id: IdPath, session: SessionDep, user: ProviderUser) -> Response:
    service.delete(session, solution_id=solution_id, user=user)
    return Response(status_code=204)


public_router = APIRouter(tags=["public"])


@public_router.get(
    "/public/solutions", response_model=SolutionCatalogue, operation_id="searchSolutions"
)
def search_solutions(
    request: Request,
    session: SessionDep,
    matcher: MatcherDep,
    user: OptionalUser,
    q: Annotated[
        str | None, Query(max_length=200, description="检索词（中英文均可，按匹配引擎排序）")
    ] = None,
    field: str | None = None,
    industry: str | None = None,
    region: Annotated[str | None, Query(description="服务地区（服务全省的方案也计入）")] = None,
    trl_min: Annotated[int | None, Query(ge=1, le=9, description="技术成熟度不低于")] = None,
    price_max: Annotated[float | None, Query(ge=0, description="起步报价不高于（万元）")] = None,
    sort: Annotated[
        CatalogueSort | None,
        Query(description="relevance（有检索词时默认）| newest | trl | price"),
    ] = None,
    page: PageParam = 1,
    page_size: PageSizeParam = 20,
) -> Response:
    """The solution catalogue (技术供给清单): public solutions for everyone, and for logged-in
    users those listed for logged-in users too."""
    filters = repository.CatalogueFilters(
        field=field, industry=industry, region=region, trl_min=trl_min, price_max=price_max
    )

    def build() -> SolutionCatalogue:
        return catalogue(
            session,
            q=q,
            filters=filters,
            visibilities=catalogue_scope(principal_of(user)),
            sort=sort,
            page=page,
            page_size=page_size,
            matcher=matcher,
            present=service.public_items,
        )

    return cache_of(request).serve(
        request, session, topics=[SOLUTIONS], build=build, per_caller=True
    )


@public_router.get(
    "/public/solutions/{solution_id}",
    response_model=SolutionDetail,
    operation_id="getPublicSolution",
)
def get_public_solution(
    request: Request, solution_id: IdPath, session: SessionDep, user: OptionalUser
) -> Response:
    """A solution's page for whoever may read it (a public one for everyone); others 404."""

    def build() -> SolutionDetail:
        return service.detail(session, solution_id=solution_id, user=user)

    return cache_of(request).serve(
        request, session, topics=[SOLUTIONS], build=build, per_caller=True
    )
