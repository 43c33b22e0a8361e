from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, VersionedMixin


class Scenario(VersionedMixin, Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"))
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id"))
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id"))
    publisher_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    provider_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    title: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(64), index=True)
    region: Mapped[str] = mapped_column(String(64), index=True)
    stage: Mapped[str] = mapped_column(String(16), default="piloting", index=True)
    outcomes: Mapped[str | None] = mapped_column(Text)
    adopters: Mapped[list[str]] = mapped_column(default=list)
    designated_at: Mapped[datetime]
    demonstration_at: Mapped[datetime | None]
    replicable_at: Mapped[datetime | None]
