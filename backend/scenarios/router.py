from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.api.deps import CurrentUser, OfficialUser, OptionalUser, SessionDep
from backend.api.params import IdPath
from backend.scenarios import service
from backend.scenarios.schemas import ScenarioAdvance, ScenarioRead

router = APIRouter(tags=["scenarios"])
public_router = APIRouter(tags=["public"])
Stage = Annotated[str | None, Query(pattern="^(piloting|demonstration|replicable)$")]


@router.get("/scenarios/{scenario_id}", response_model=ScenarioRead, operation_id="getScenario")
def get_scenario(scenario_id: IdPath, session: SessionDep, user: CurrentUser) -> ScenarioRead:
    return service.to_read(session, service.get(session, scenario_id=scenario_id), user=user)


@router.post(
    "/scenarios/{scenario_id}/advance", response_model=ScenarioRead, operation_id="advanceScenario"
)
def advance_scenario(
    scenario_id: IdPath, body: ScenarioAdvance, session: SessionDep, user: OfficialUser
) -> ScenarioRead:
    scenario = service.advance(session, scenario_id=scenario_id, user=user, data=body)
    return service.to_read(session, scenario, user=user)


@public_router.get(
    "/public/scenarios", response_model=list[ScenarioRead], operation_id="listPublicScenarios"
)
def list_public_scenarios(
    session: SessionDep, user: OptionalUser, stage: Stage = None
) -> list[ScenarioRead]:
    """The catalogue of designated scenarios (试点 → 示范 → 可复制推广)."""
    rows = service.list_scenarios(session, stage=stage)
    return [service.to_read(session, s, user=user) for s in rows]


@public_router.get(
    "/public/scenarios/{scenario_id}",
    response_model=ScenarioRead,
    operation_id="getPublicScenario",
)
def get_public_scenario(
    scenario_id: IdPath, session: SessionDep, user: OptionalUser
) -> ScenarioRead:
    return service.to_read(session, service.get(session, scenario_id=scenario_id), user=user)
