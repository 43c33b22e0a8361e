from __future__ import annotations

import unicodedata
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

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


def _document_text(v: str | None, *, name_zh: str, name_en: str) -> str | None:
    if v is None:
        return None
    v = v.strip()
    if not v:
        raise ValueError(bilingual(f"{name_zh}不能为空", f"The {name_en} cannot be blank"))
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in v):
        raise ValueError(
            bilingual(f"{name_zh}不能包含控制字符", f"The {name_en} has control characters")
        )
    return v


class DocumentIn(BaseModel):
    """发文单位 and 文号 of an official document (a published demand list, a notice)."""

    issuing_body: str | None = Field(
        default=None, max_length=100, description="发文单位，如 江苏省科学技术厅"
    )
    document_number: str | None = Field(
        default=None, max_length=64, description="文号，如 苏科发〔2026〕12号"
    )

    @field_validator("issuing_body")
    @classmethod
    def _issuing_body(cls, v: str | None) -> str | None:
        return _document_text(v, name_zh="发文单位", name_en="issuing body")

    @field_validator("document_number")
    @classmethod
    def _document_number(cls, v: str | None) -> str | None:
        return _document_text(v, name_zh="文号", name_en="document number")


class DemandLink(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    region: str
    status: str


class ScenarioLink(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    region: str
    stage: str
