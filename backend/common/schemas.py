from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel, Field, field_validator

from backend.i18n import bilingual

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


class Paging(BaseModel):
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=20, ge=1, le=200)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


PageParam = Annotated[int, Query(ge=1, le=100_000, description="页码，从 1 开始")]
PageSizeParam = Annotated[int, Query(ge=1, le=200, description="每页条数")]


class ReasonIn(BaseModel):
    reason: str = Field(min_length=2, max_length=2000)

    @field_validator("reason")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        v = v.strip()
        if len(v) < 2:
            raise ValueError(
                bilingual("请填写理由（至少 2 个字）", "Give a reason (2+ characters)")
            )
        return v


class VersionIn(BaseModel):
    version: int | None = Field(default=None, ge=1, description="乐观锁版本号；不一致时返回 409")


class NextAction(BaseModel):
    action: str
    roles: list[str]


def clean_keywords(values: list[str]) -> list[str]:
    seen: list[str] = []
    for v in values:
        v = v.strip()
        if v and v not in seen:
            seen.append(v)
    return seen


MAX_ID = 2_147_483_647
IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="编号")]
IdField = Annotated[int, Field(ge=1, le=MAX_ID)]
