from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from backend.common.schemas import IdField
from backend.demands.schemas import DemandPublic


class DemandListCreate(BaseModel):
    title: str = Field(min_length=2, max_length=200, description="清单名称，如 2026年第一批")
    demand_ids: list[IdField] = Field(min_length=1, max_length=500)


class DemandListRead(BaseModel):
    id: int
    title: str
    status: str
    published_at: datetime | None
    created_at: datetime
    version: int
    demands: list[DemandPublic]
