from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from backend.attachments.schemas import AttachmentRead
from backend.common.schemas import MAX_ID, NextAction
from backend.matches.workflow import MatchStatus


class ProposalCreate(BaseModel):
    solution_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="本机构的解决方案（可选）"
    )
    summary: str = Field(min_length=10, max_length=5000, description="揭榜方案摘要")
    price_wan: float | None = Field(default=None, ge=0, le=1_000_000, description="报价（万元）")
    timeline_months: int | None = Field(default=None, ge=1, le=120, description="实施周期（月）")


class ProposalRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    demand_id: int
    solution_id: int | None
    organization_id: int
    organization_name: str = ""
    demand_title: str = ""
    summary: str
    price_wan: float | None
    timeline_months: int | None
    match_id: int | None = None
    match_status: MatchStatus | None = None
    created_at: datetime
    attachments: list[AttachmentRead] = Field(default_factory=list, description="附件")
    # answered through its match (engage / decline); its own: changing its attachments
    next_actions: list[NextAction] = Field(default_factory=list)
