from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db.base import Base, SoftDeleteMixin, VersionedMixin
from backend.organizations.models import Organization


class Demand(VersionedMixin, SoftDeleteMixin, Base):
    __tablename__ = "demands"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(64), index=True)
    industry: Mapped[str] = mapped_column(String(64), index=True)
    region: Mapped[str] = mapped_column(String(64), index=True)
    scenario_tier: Mapped[str | None] = mapped_column(String(32))
    budget_min_wan: Mapped[float | None]
    budget_max_wan: Mapped[float | None]
    trl_required: Mapped[int | None]
    cooperation_mode: Mapped[str | None] = mapped_column(String(32))
    keywords: Mapped[list[str]] = mapped_column(default=list)
    deadline: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    return_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship(lazy="joined")
