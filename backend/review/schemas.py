from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from backend.attachments.schemas import AttachmentRead
from backend.common.schemas import DocumentIn, IdField, NextAction
from backend.matches.schemas import MatchRead
from backend.review.workflow import ApplicationStatus


class ApplicationCreate(BaseModel):
    match_id: IdField
    pilot_plan: str = Field(min_length=20, max_length=20_000, description="试点方案")


class Decision(StrEnum):
    PASS = "pass"
    REJECT = "reject"


class PreliminaryReviewIn(BaseModel):
    decision: Decision
    comment: str = Field(default="", max_length=5000)


class ExpertsIn(BaseModel):
    expert_ids: list[IdField] = Field(min_length=1, max_length=20)


class ConflictIn(BaseModel):
    reason: str = Field(min_length=2, max_length=2000)


Score100 = Field(ge=0, le=100)


class ScoreIn(BaseModel):
    innovation: int = Field(ge=0, le=100, description="创新性")
    advancement: int = Field(ge=0, le=100, description="先进性")
    feasibility: int = Field(ge=0, le=100, description="可行性")
    replicability: int = Field(ge=0, le=100, description="可复制推广性")
    benefit: int = Field(ge=0, le=100, description="效益")
    comment: str = Field(default="", max_length=5000)


class NoticeIn(DocumentIn):
    """The period, and the notice's 发文单位 and 文号 (optional)."""

    days: int = Field(ge=1, le=90, description="公示天数")


class ObjectionIn(BaseModel):
    text: str = Field(min_length=5, max_length=5000)


class ObjectionResolveIn(BaseModel):
    upheld: bool = Field(description="异议是否成立；成立则不能认定")
    resolution: str = Field(min_length=2, max_length=5000)


class AssignmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    expert_id: int
    expert_name: str = ""
    status: str
    conflict_reason: str | None


class ScoreRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    expert_id: int
    innovation: int
    advancement: int
    feasibility: int
    replicability: int
    benefit: int
    total: float
    comment: str | None
    created_at: datetime


class ObjectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    notice_id: int
    text: str
    status: str
    resolution: str | None
    created_at: datetime
    next_actions: list[NextAction] = Field(default_factory=list)


class NoticeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    application_id: int
    title: str
    days: int
    starts_at: datetime
    ends_at: datetime
    issuing_body: str | None = Field(default=None, description="发文单位")
    document_number: str | None = Field(default=None, description="文号")
    is_open: bool = False
    objections: list[ObjectionRead] = Field(default_factory=list)
    next_actions: list[NextAction] = Field(default_factory=list)


class ApplicationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    match_id: int
    applicant_id: int
    pilot_plan: str
    status: ApplicationStatus
    preliminary_comment: str | None
    reject_reason: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    match: MatchRead | None = None
    assignments: list[AssignmentRead] = Field(default_factory=list)
    scores: list[ScoreRead] = Field(default_factory=list)
    score_count: int = 0
    average_total: float | None = None
    notice: NoticeRead | None = None
    scenario_id: int | None = None
    attachments: list[AttachmentRead] = Field(default_factory=list, description="附件")
    next_actions: list[NextAction] = Field(default_factory=list)
