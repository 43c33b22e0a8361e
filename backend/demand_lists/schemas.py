from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from backend.common.schemas import IdField, NextAction
from backend.demands.schemas import DemandPublic


class DemandListCreate(BaseModel):
    title: str = Field(min_length=2, max_length=200, description="清单名称，如 2026年第一批")
    demand_ids: list[IdField] = Field(min_length=1, max_length=500)


class DemandListStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class DemandListRead(BaseModel):
    id: int
    title: str
    status: DemandListStatus
    region: str | None = Field(default=None, description="编制地区；空为全省")
    published_at: datetime | None
    created_at: datetime
    version: int
    demands: list[DemandPublic]
    next_actions: list[NextAction] = Field(default_factory=list)
