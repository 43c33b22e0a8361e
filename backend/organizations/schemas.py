from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.common.schemas import NextAction
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
    version: int = 1
    next_actions: list[NextAction] = Field(default_factory=list)


class OrganizationUpdate(BaseModel):
    """What the organization's administrator may change (the credit code is fixed)."""

    name: str | None = Field(default=None, min_length=2, max_length=200)
    kind: OrganizationKind | None = None
    region: str | None = Field(default=None, max_length=64)
    version: int | None = Field(default=None, ge=1, description="乐观锁版本号")

    @field_validator("name")
    @classmethod
    def _name_given(cls, v: str | None) -> str:
        if v is None or len(v.strip()) < 2:
            raise ValueError(bilingual("机构名称至少 2 个字", "Name needs at least 2 characters"))
        return v.strip()

    @field_validator("kind")
    @classmethod
    def _kind_given(cls, v: OrganizationKind | None) -> OrganizationKind:
        if v is None:
            raise ValueError(bilingual("请选择机构类型", "Choose the kind of organization"))
        return v


class MembershipStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    REMOVED = "removed"


class MemberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    user_id: int = 0
    email: str
    display_name: str
    roles: list[str]
    membership: MembershipStatus
    is_org_admin: bool
    created_at: datetime
    next_actions: list[NextAction] = Field(default_factory=list)
