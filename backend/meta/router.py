from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.api.deps import MatcherDep, SessionDep
from backend.common import taxonomy
from backend.errors import ErrorBody, service_unavailable

if TYPE_CHECKING:
    from backend.indexing.runtime import MatcherRuntime

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    status: str
    database: str
    # this process and the search index: writes it, follows the process that does, has not
    # opened it yet, or runs without the matcher
    search_index: Literal["writes", "follows", "not_loaded", "off"]


class Taxonomy(BaseModel):
    fields: list[str]
    industries: list[str]
    regions: list[str]
    cities: list[str]
    scenario_tiers: list[str]
    cooperation_modes: list[str]
    # the English name of every value above (and of 江苏省); the values themselves are the codes
    english: dict[str, str]


@router.get(
    "/health",
    response_model=Health,
    operation_id="health",
    responses={503: {"model": ErrorBody, "description": "数据库不可用 / database unreachable"}},
)
def health(session: SessionDep, matcher: MatcherDep) -> Health:
    """200 while the database answers `SELECT 1`; 503 (with Retry-After) while it does not.
    The pool pings connections before use, so this recovers without a restart."""
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise service_unavailable() from exc
    return Health(
        status="ok", database=session.get_bind().dialect.name, search_index=_index_role(matcher)
    )


def _index_role(
    matcher: MatcherRuntime | None,
) -> Literal["writes", "follows", "not_loaded", "off"]:
    if matcher is None:
        return "off"
    if not matcher.loaded:
        return "not_loaded"
    return "writes" if matcher.writes_index else "follows"


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
        english=dict(taxonomy.ENGLISH),
    )
