from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from backend.api.deps import SessionDep
from backend.common import taxonomy

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    status: str
    database: str


class Taxonomy(BaseModel):
    fields: list[str]
    industries: list[str]
    regions: list[str]
    cities: list[str]
    scenario_tiers: list[str]
    cooperation_modes: list[str]


@router.get("/health", response_model=Health, operation_id="health")
def health(session: SessionDep) -> Health:
    session.execute(text("SELECT 1"))
    return Health(status="ok", database=session.get_bind().dialect.name)


@router.get("/taxonomy", response_model=Taxonomy, operation_id="taxonomy")
def get_taxonomy() -> Taxonomy:
    """The plan's vocabularies, for the forms' choices (field, industry and region are open)."""
    return Taxonomy(
        fields=list(taxonomy.FIELDS),
        industries=list(taxonomy.INDUSTRIES),
        regions=list(taxonomy.REGIONS),
        cities=list(taxonomy.CITIES),
        scenario_tiers=[t.value for t in taxonomy.ScenarioTier],
        cooperation_modes=[m.value for m in taxonomy.CooperationMode],
    )
