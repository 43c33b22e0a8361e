from __future__ import annotations

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from backend.common.workflow import SELF_REGISTRABLE, Role
from backend.i18n import bilingual
from backend.organizations.schemas import MembershipStatus, OrganizationIn, OrganizationRead


class RegisterIn(BaseModel):
    email: EmailStr
    password: str = Field(min_length=8, max_length=128)
    display_name: str = Field(min_length=1, max_length=100)
    organization: OrganizationIn
    roles: list[Role] = Field(min_length=1)

    @field_validator("roles")
    @classmethod
    def _only_self_registrable(cls, v: list[Role]) -> list[Role]:
        if any(r not in SELF_REGISTRABLE for r in v):
            raise ValueError(
                bilingual(
                    "只能自行注册需求方（publisher）或供给方（provider）角色",
                    "Only publisher and provider roles can be self-registered",
                )
            )
        return sorted(set(v))


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    roles: list[str]
    region: str | None
    organization: OrganizationRead
    membership: MembershipStatus
    is_org_admin: bool


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class ExpertRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    display_name: str
    email: str
    organization: OrganizationRead
