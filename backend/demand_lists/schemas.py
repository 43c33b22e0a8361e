from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from backend.common.schemas import DocumentIn, IdField, NextAction
from backend.demands.schemas import DemandPublic


class DemandListCreate(BaseModel):
    title: str = Field(min_length=2, max_length=200, description="清单名称，如 2026年第一批")
    demand_ids: list[IdField] = Field(min_length=1, max_length=500)


class DemandListPublish(DocumentIn):
    """发文单位 and 文号 of the published list (both optional; a 文号 names one list only)."""


class DemandListStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class DemandListRead(BaseModel):
    id: int
    title: str
    status: DemandListStatus
    region: str | None = Field(default=None, description="编制地区；空为全省")
    published_at: datetime | None
    issuing_body: str | None = Field(default=None, description="发文单位")
    document_number: str | None = Field(default=None, description="文号")
    created_at: datetime
    version: int
    demands: list[DemandPublic]
    next_actions: list[NextAction] = Field(default_factory=list)
