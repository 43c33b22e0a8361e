from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backend.attachments.schemas import AttachmentRead
from backend.common.schemas import DemandLink, NextAction, ScenarioLink, clean_keywords
from backend.demands.schemas import FacetCount, OrganizationBrief, not_nullable, reject_null
from backend.i18n import bilingual


def _check_price(lo: float | None, hi: float | None) -> None:
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(
            bilingual("报价下限不能高于上限", "The minimum price cannot exceed the maximum")
        )


Visibility = Literal["public", "members"]


class SolutionFields(BaseModel):
    title: str = Field(min_length=4, max_length=200, description="方案名称")
    description: str = Field(min_length=20, max_length=10_000, description="方案简介与创新点")
    fields: list[str] = Field(default_factory=list, max_length=10, description="所属领域")
    industries: list[str] = Field(default_factory=list, max_length=20, description="适用行业")
    trl: int | None = Field(default=None, ge=1, le=9, description="技术成熟度 TRL")
    regions_served: list[str] = Field(default_factory=list, max_length=50)
    price_min_wan: float | None = Field(default=None, ge=0, le=1_000_000)
    price_max_wan: float | None = Field(default=None, ge=0, le=1_000_000)
    keywords: list[str] = Field(default_factory=list, max_length=20)
    ip_summary: str | None = Field(default=None, max_length=2000)
    references: str | None = Field(default=None, max_length=5000)
    visibility: Visibility = Field(
        default="members",
        description="公开范围：public 所有人可见（技术供给清单）；members 仅登录用户可见",
    )

    @field_validator("title", "description")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError(bilingual("此项不能为空", "This field cannot be blank"))
        return v

    @field_validator("fields", "industries", "regions_served", "keywords")
    @classmethod
    def _clean(cls, v: list[str]) -> list[str]:
        v = clean_keywords(v)
        if any(len(x) > 64 for x in v):
            raise ValueError(bilingual("每项不超过 64 个字", "Each entry: 64 chars max"))
        return v

    @model_validator(mode="after")
    def _price_order(self) -> SolutionFields:
        _check_price(self.price_min_wan, self.price_max_wan)
        return self


class SolutionCreate(SolutionFields):
    pass


class SolutionUpdate(BaseModel):
    title: str | None = Field(default=None, min_length=4, max_length=200)
    description: str | None = Field(default=None, min_length=20, max_length=10_000)
    fields: list[str] | None = Field(default=None, max_length=10)
    industries: list[str] | None = Field(default=None, max_length=20)
    trl: int | None = Field(default=None, ge=1, le=9)
    regions_served: list[str] | None = Field(default=None, max_length=50)
    price_min_wan: float | None = Field(default=None, ge=0, le=1_000_000)
    price_max_wan: float | None = Field(default=None, ge=0, le=1_000_000)
    keywords: list[str] | None = Field(default=None, max_length=20)
    ip_summary: str | None = Field(default=None, max_length=2000)
    references: str | None = Field(default=None, max_length=5000)
    visibility: Visibility | None = None
    version: int | None = Field(default=None, ge=1, description="乐观锁版本号")

    _not_null = field_validator(*not_nullable(SolutionCreate))(reject_null)


class SolutionPublic(BaseModel):
    """A solution as the catalogue shows it to whoever may read it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str
    fields: list[str]
    industries: list[str]
    trl: int | None
    regions_served: list[str]
    price_min_wan: float | None
    price_max_wan: float | None
    keywords: list[str]
    ip_summary: str | None
    references: str | None
    visibility: Visibility
    organization: OrganizationBrief
    created_at: datetime
    updated_at: datetime


class SolutionRead(SolutionPublic):
    """A solution as its readers with an account see it, with their actions."""

    external_id: str | None
    owner_id: int | None
    version: int
    attachments: list[AttachmentRead] = Field(default_factory=list, description="附件")
    next_actions: list[NextAction] = Field(default_factory=list)


CatalogueSort = Literal["relevance", "newest", "trl", "price"]


class SolutionCatalogue(BaseModel):
    items: list[SolutionPublic]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetCount]]
    sort: CatalogueSort = "newest"
    # nothing fitted the query: `items` are the nearest solutions, offered instead of nothing
    nearest: bool = False
    # per solution on this page, the whole words of the query (or their glossary names) it holds
    highlights: dict[int, list[str]] = Field(default_factory=dict)


class SolutionDetail(SolutionPublic):
    """The solution page: the solution, the public demands it was engaged on, its scenarios."""

    answered_demands: list[DemandLink] = Field(default_factory=list, description="已对接的需求")
    scenarios: list[ScenarioLink] = Field(default_factory=list, description="认定的应用场景")
    attachments: list[AttachmentRead] = Field(default_factory=list, description="附件")
    next_actions: list[NextAction] = Field(default_factory=list)
