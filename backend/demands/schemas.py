from __future__ import annotations

from datetime import date, datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backend.attachments.schemas import AttachmentRead
from backend.common.schemas import NextAction, ScenarioLink, clean_keywords
from backend.common.taxonomy import CooperationMode, ScenarioTier
from backend.demands.workflow import DemandStatus
from backend.i18n import bilingual

Keywords = list[str]


def _check_budget(lo: float | None, hi: float | None) -> None:
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(
            bilingual("预算下限不能高于上限", "The minimum budget cannot exceed the maximum")
        )


class DemandFields(BaseModel):
    """The writable fields, shared by create, import and (optionally) update."""

    title: str = Field(min_length=4, max_length=200, description="需求名称")
    description: str = Field(
        min_length=20, max_length=10_000, description="需求描述：主要问题、技术关键、预期目标"
    )
    field: str = Field(min_length=1, max_length=64, description="所属领域")
    industry: str = Field(min_length=1, max_length=64, description="应用行业")
    region: str = Field(min_length=1, max_length=64, description="所在地区")
    scenario_tier: ScenarioTier | None = None
    budget_min_wan: float | None = Field(default=None, ge=0, le=1_000_000)
    budget_max_wan: float | None = Field(default=None, ge=0, le=1_000_000)
    trl_required: int | None = Field(default=None, ge=1, le=9)
    cooperation_mode: CooperationMode | None = None
    keywords: Keywords = Field(default_factory=list, max_length=20)
    deadline: date | None = None

    @field_validator("title", "description", "field", "industry", "region")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = " ".join(v.split()) if "\n" not in v else v.strip()
        if not v:
            raise ValueError(bilingual("此项不能为空", "This field cannot be blank"))
        return v

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, v: list[str]) -> list[str]:
        v = clean_keywords(v)
        if any(len(k) > 30 for k in v):
            raise ValueError(bilingual("每个关键词不超过 30 个字", "Each keyword: 30 chars max"))
        return v

    @model_validator(mode="after")
    def _budget_order(self) -> DemandFields:
        _check_budget(self.budget_min_wan, self.budget_max_wan)
        return self


class DemandCreate(DemandFields):
    @field_validator("deadline")
    @classmethod
    def _future(cls, v: date | None) -> date | None:
        if v is not None and v < date.today():
            raise ValueError(
                bilingual("截止日期不能早于今天", "The deadline cannot be in the past")
            )
        return v


def not_nullable(create: type[BaseModel]) -> tuple[str, ...]:
    """The fields `create` requires a value for; an update may omit them but never null them."""
    return tuple(
        name
        for name, info in create.model_fields.items()
        if type(None) not in get_args(info.annotation) and info.annotation is not type(None)
    )


def reject_null(value: object) -> object:
    """A field validator for updates: explicit null on a not-nullable field is a 422 there."""
    if value is None:
        raise ValueError(bilingual("此项不能为空", "This field cannot be null"))
    return value


class DemandUpdate(BaseModel):
    title: str | None = Field(default=None, min_length=4, max_length=200)
    description: str | None = Field(default=None, min_length=20, max_length=10_000)
    field: str | None = Field(default=None, min_length=1, max_length=64)
    industry: str | None = Field(default=None, min_length=1, max_length=64)
    region: str | None = Field(default=None, min_length=1, max_length=64)
    scenario_tier: ScenarioTier | None = None
    budget_min_wan: float | None = Field(default=None, ge=0, le=1_000_000)
    budget_max_wan: float | None = Field(default=None, ge=0, le=1_000_000)
    trl_required: int | None = Field(default=None, ge=1, le=9)
    cooperation_mode: CooperationMode | None = None
    keywords: Keywords | None = Field(default=None, max_length=20)
    deadline: date | None = None
    version: int | None = Field(default=None, ge=1, description="乐观锁版本号")

    # runs only for values the client sent: an omitted field stays "unchanged"
    _not_null = field_validator(*not_nullable(DemandCreate))(reject_null)


class OrganizationBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: str
    region: str | None


class DemandPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str | None
    title: str
    description: str
    field: str
    industry: str
    region: str
    scenario_tier: str | None
    budget_min_wan: float | None
    budget_max_wan: float | None
    trl_required: int | None
    cooperation_mode: str | None
    keywords: list[str]
    deadline: date | None
    status: DemandStatus
    published_at: datetime | None
    organization: OrganizationBrief
    attachments: list[AttachmentRead] = Field(default_factory=list, description="附件")
    # the scenarios designated on this demand (the demand's answer, once it has one)
    scenarios: list[ScenarioLink] = Field(default_factory=list, description="认定的应用场景")
    next_actions: list[NextAction] = Field(default_factory=list)


class DemandRead(DemandPublic):
    owner_id: int | None
    return_reason: str | None
    submitted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


SearchSort = Literal["relevance", "newest", "deadline", "budget"]


class FacetCount(BaseModel):
    value: str
    count: int


class DemandSearchPage(BaseModel):
    items: list[DemandPublic]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetCount]]
    sort: SearchSort = "newest"
    # nothing fitted the query: `items` are the nearest demands, offered instead of an empty page
    nearest: bool = False
    # per demand on this page, the whole words of the query (or their glossary names) it contains
    highlights: dict[int, list[str]] = Field(default_factory=dict)


class SimilarDemand(BaseModel):
    id: int
    title: str
    status: str
    score: float
    explanation: str
