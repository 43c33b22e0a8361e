from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from backend.common.schemas import NextAction
from backend.demands.schemas import OrganizationBrief
from backend.scenarios.workflow import ScenarioStage


class AdvanceTo(StrEnum):
    DEMONSTRATION = "demonstration"
    REPLICABLE = "replicable"


class ScenarioAdvance(BaseModel):
    to: AdvanceTo
    outcomes: str | None = Field(default=None, max_length=10_000, description="运行成效")
    adopters: list[str] = Field(
        default_factory=list, max_length=100, description="推广采用的地区/机构"
    )
    version: int | None = Field(default=None, ge=1)


class ScenarioRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    application_id: int
    demand_id: int
    solution_id: int | None
    title: str
    field: str
    region: str
    city: str = ""
    stage: ScenarioStage
    outcomes: str | None
    adopters: list[str]
    designated_at: datetime
    demonstration_at: datetime | None
    replicable_at: datetime | None
    publisher: OrganizationBrief | None = None
    provider: OrganizationBrief | None = None
    demand_title: str = ""
    solution_title: str | None = None
    version: int
    next_actions: list[NextAction] = Field(default_factory=list)
