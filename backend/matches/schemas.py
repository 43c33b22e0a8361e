from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from backend.common.schemas import IdField, NextAction
from backend.matches.workflow import MatchStatus


class ObjectRef(BaseModel):
    id: int
    external_id: str | None
    title: str


class ProviderRef(BaseModel):
    id: int
    name: str


class MatchRead(BaseModel):
    match_id: int
    demand: ObjectRef
    solution: ObjectRef | None
    provider: ProviderRef
    score: float | None
    parts: dict[str, float]
    explanation: str | None
    origin: str
    status: MatchStatus
    demand_engaged: bool
    provider_engaged: bool
    decline_reason: str | None
    proposal_id: int | None
    application_id: int | None = None
    version: int
    created_at: datetime
    next_actions: list[NextAction] = Field(default_factory=list)


class MatchSuggest(BaseModel):
    demand_id: IdField
    solution_id: IdField
    note: str | None = Field(default=None, max_length=2000, description="推荐理由（记入操作记录）")


class Recommendation(BaseModel):
    demand: ObjectRef
    solution: ObjectRef
    match_id: int
    score: float
    parts: dict[str, float]
    explanation: str | None
    status: str
