from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from backend.api.deps import CurrentUser, MarketUser, OfficialUser, SessionDep
from backend.api.headers import if_match_header
from backend.api.params import IdPath
from backend.common.schemas import ReasonIn
from backend.demands import service as demands
from backend.errors import not_found
from backend.matches import repository, service
from backend.matches.schemas import MatchRead, MatchSuggest
from backend.solutions import service as solutions

router = APIRouter(tags=["matches"])
IfMatch = Annotated[int | None, Depends(if_match_header)]
Limit = Annotated[int, Query(ge=1, le=100)]


@router.get(
    "/demands/{demand_id}/matches", response_model=list[MatchRead], operation_id="demandMatches"
)
def demand_matches(
    demand_id: IdPath, session: SessionDep, user: CurrentUser, limit: Limit = 20
) -> list[MatchRead]:
    """Candidate solutions for a demand, best first (its publisher and officials)."""
    demand = demands.get_visible(session, demand_id=demand_id, user=user)
    if not (demands.is_owner(user, demand) or demands.is_official_for(user, demand.region)):
        raise not_found("场景需求", "Demand", "demand.not_found")
    return service.to_reads(
        session, repository.for_demand(session, demand_id=demand_id, limit=limit)
    )


@router.get(
    "/solutions/{solution_id}/matches",
    response_model=list[MatchRead],
    operation_id="solutionMatches",
)
def solution_matches(
    solution_id: IdPath, session: SessionDep, user: CurrentUser, limit: Limit = 20
) -> list[MatchRead]:
    """Demands a solution could answer, best first (its provider and officials)."""
    solution = solutions.get(session, solution_id=solution_id)
    if solution.organization_id != user.organization_id and not demands.is_official_for(user, None):
        raise not_found("解决方案", "Solution", "solution.not_found")
    rows = repository.for_solution(session, solution_id=solution_id, limit=limit)
    return service.to_reads(session, rows)


@router.get("/matches", response_model=list[MatchRead], operation_id="myMatches")
def my_matches(session: SessionDep, user: MarketUser, limit: Limit = 100) -> list[MatchRead]:
    """Pairings my organization is a party to and people have acted on."""
    rows = repository.for_organization(session, organization_id=user.organization_id, limit=limit)
    return service.to_reads(session, rows)


@router.get("/matches/{match_id}", response_model=MatchRead, operation_id="getMatch")
def get_match(match_id: IdPath, session: SessionDep, user: CurrentUser) -> MatchRead:
    match = service.get(session, match_id=match_id)
    if not service.can_view(user, match, service.demand_of(session, match)):
        raise not_found("供需匹配", "Match", "match.not_found")
    return service.to_reads(session, [match])[0]


@router.post("/matches", response_model=MatchRead, status_code=201, operation_id="suggestMatch")
def suggest_match(body: MatchSuggest, session: SessionDep, user: OfficialUser) -> MatchRead:
    match = service.suggest(
        session, user=user, demand_id=body.demand_id, solution_id=body.solution_id
    )
    return service.to_read(session, match)


@router.post("/matches/{match_id}/engage", response_model=MatchRead, operation_id="engageMatch")
def engage_match(
    match_id: IdPath, session: SessionDep, user: MarketUser, if_match: IfMatch
) -> MatchRead:
    return service.to_read(
        session, service.engage(session, match_id=match_id, user=user, if_match=if_match)
    )


@router.post("/matches/{match_id}/decline", response_model=MatchRead, operation_id="declineMatch")
def decline_match(
    match_id: IdPath, body: ReasonIn, session: SessionDep, user: MarketUser, if_match: IfMatch
) -> MatchRead:
    match = service.decline(
        session, match_id=match_id, user=user, reason=body.reason, if_match=if_match
    )
    return service.to_read(session, match)
