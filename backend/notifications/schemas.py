from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from backend.common.schemas import Page

EmailChoice = Literal["immediate", "digest", "never"]
DigestPeriod = Literal["daily", "weekly"]


class NotificationRead(BaseModel):
    id: int
    kind: str
    title: str
    body: str
    object_type: str
    object_id: int
    link: str = Field(description="对象所在的网页路径")
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Page[NotificationRead]):
    unread: int = Field(description="未读通知数（不受筛选影响）")


class UnreadCount(BaseModel):
    unread: int


class MarkedAll(BaseModel):
    marked: int
    unread: int


class KindPreference(BaseModel):
    kind: str
    title: str
    email: EmailChoice
    default: EmailChoice


class Preferences(BaseModel):
    email_enabled: bool = Field(description="服务器是否配置了邮件（SMTP）")
    email: str
    digest_period: DigestPeriod
    kinds: list[KindPreference]


class KindChoice(BaseModel):
    kind: str = Field(max_length=40)
    email: EmailChoice


class PreferencesIn(BaseModel):
    digest_period: DigestPeriod | None = None
    kinds: list[KindChoice] = Field(default_factory=list, max_length=100)


class TodoItem(BaseModel):
    object_type: str
    object_id: int
    title: str
    link: str


class TodoGroup(BaseModel):
    key: str
    title: str
    count: int
    link: str
    items: list[TodoItem]


class Todos(BaseModel):
    total: int
    groups: list[TodoGroup]
