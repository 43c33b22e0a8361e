from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from backend.api.deps import CurrentUser, MarketUser, OfficialUser, SessionDep
from backend.api.headers import if_match_header
from backend.api.params import IdPath
from backend.common.schemas import ReasonIn
from backend.demands import service as demands
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
    """Candidate solutions for a demand, best first (its publisher and the region's officials)."""
    demands.get_readable(session, demand_id=demand_id, user=user, action="read_candidates")
    rows = repository.for_demand(session, demand_id=demand_id, limit=limit)
    return service.to_reads(session, rows, user=user)


@router.get(
    "/solutions/{solution_id}/matches",
    response_model=list[MatchRead],
    operation_id="solutionMatches",
)
def solution_matches(
    solution_id: IdPath, session: SessionDep, user: CurrentUser, limit: Limit = 20
) -> list[MatchRead]:
    """Demands a solution could answer, best first (its provider and province officials)."""
    solutions.get_readable(session, solution_id=solution_id, user=user, action="read_candidates")
    rows = repository.for_solution(session, solution_id=solution_id, limit=limit)
    return service.to_reads(session, rows, user=user)


@router.get("/matches", response_model=list[MatchRead], operation_id="myMatches")
def my_matches(session: SessionDep, user: MarketUser, limit: Limit = 100) -> list[MatchRead]:
    """Pairings my organization is a party to and people have acted on."""
    return service.to_reads(session, service.mine(session, user=user, limit=limit), user=user)


@router.get("/matches/{match_id}", response_model=MatchRead, operation_id="getMatch")
def get_match(match_id: IdPath, session: SessionDep, user: CurrentUser) -> MatchRead:
    view = service.get_visible(session, match_id=match_id, user=user)
    return service.to_reads(session, [view.match], user=user)[0]


@router.post("/matches", response_model=MatchRead, status_code=201, operation_id="suggestMatch")
def suggest_match(body: MatchSuggest, session: SessionDep, user: OfficialUser) -> MatchRead:
    match = service.suggest(
        session,
        user=user,
        demand_id=body.demand_id,
        solution_id=body.solution_id,
        note=body.note,
    )
    return service.to_read(session, match, user=user)


@router.post("/matches/{match_id}/engage", response_model=MatchRead, operation_id="engageMatch")
def engage_match(
    match_id: IdPath, session: SessionDep, user: MarketUser, if_match: IfMatch
) -> MatchRead:
    match = service.engage(session, match_id=match_id, user=user, if_match=if_match)
    return service.to_reads(session, [match], user=user)[0]


@router.post("/matches/{match_id}/decline", response_model=MatchRead, operation_id="declineMatch")
def decline_match(
    match_id: IdPath, body: ReasonIn, session: SessionDep, user: MarketUser, if_match: IfMatch
) -> MatchRead:
    match = service.decline(
        session, match_id=match_id, user=user, reason=body.reason, if_match=if_match
    )
    return service.to_reads(session, [match], user=user)[0]
