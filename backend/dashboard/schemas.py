from __future__ import annotations

from pydantic import BaseModel, Field


class Progress(BaseModel):
    scenarios: int
    scenarios_target: int
    demonstrations: int
    demonstrations_target: int
    replicable: int


class Bucket(BaseModel):
    name: str
    demands: int
    published: int
    scenarios: int
    demonstrations: int


class FunnelStep(BaseModel):
    step: str
    label: str
    count: int


class PublicDashboard(BaseModel):
    progress: Progress
    by_field: list[Bucket]
    by_city: list[Bucket]


class Dashboard(PublicDashboard):
    scope_region: str | None = Field(default=None, description="统计范围：城市；空为全省")
    funnel: list[FunnelStep]
    median_days_to_engagement: float | None
    engagements_measured: int
