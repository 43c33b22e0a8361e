from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, Field, field_validator

from backend.i18n import bilingual

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


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
IdField = Annotated[int, Field(ge=1, le=MAX_ID)]
