from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from backend.api.deps import CurrentUser, ProviderUser, SessionDep
from backend.api.headers import if_match_header
from backend.api.params import IdPath, PageParam, PageSizeParam
from backend.common.schemas import Page
from backend.matches import service as matches
from backend.matches.schemas import Recommendation
from backend.policy import principal_of
from backend.solutions import repository, service
from backend.solutions.schemas import SolutionCreate, SolutionRead, SolutionUpdate

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
