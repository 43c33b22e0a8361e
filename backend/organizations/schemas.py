from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.i18n import bilingual
from backend.organizations.uscc import is_valid_uscc, normalize_uscc


class OrganizationKind(StrEnum):
    ENTERPRISE = "企业"
    UNIVERSITY = "高校"
    INSTITUTE = "科研院所"
    GOVERNMENT = "政府部门"
    OTHER = "其他"


class OrganizationIn(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    uscc: str = Field(description="统一社会信用代码, 18 characters with a GB 32100 check digit")
    kind: OrganizationKind = OrganizationKind.ENTERPRISE
    region: str | None = Field(default=None, max_length=64)

    @field_validator("name")
    @classmethod
    def _strip_name(cls, v: str) -> str:
        v = v.strip()
        if len(v) < 2:
            raise ValueError(bilingual("机构名称至少 2 个字", "Name needs at least 2 characters"))
        return v

    @field_validator("uscc")
    @classmethod
    def _check_uscc(cls, v: str) -> str:
        v = normalize_uscc(v)
        if not is_valid_uscc(v):
            raise ValueError(
                bilingual(
                    "统一社会信用代码无效（应为 18 位且校验位正确）",
                    "Invalid unified social credit code (18 characters with a valid check digit)",
                )
            )
        return v


class OrganizationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    uscc: str | None
    kind: str
    region: str | None
