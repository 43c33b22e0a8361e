from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, TimestampMixin, VersionedMixin


class Match(VersionedMixin, Base):
    """One demand × one provider offer. `solution_id` is empty for a proposal made without one."""

    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("demand_id", "solution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id"), index=True)
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id"), index=True)
    provider_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    origin: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    score: Mapped[float | None]
    parts: Mapped[dict[str, float]] = mapped_column(default=dict)
    explanation: Mapped[str | None] = mapped_column(Text)
    explanation_en: Mapped[str | None] = mapped_column(Text)
    demand_engaged_at: Mapped[datetime | None]
    provider_engaged_at: Mapped[datetime | None]
    engaged_at: Mapped[datetime | None]
    declined_by: Mapped[str | None] = mapped_column(String(16))
    decline_reason: Mapped[str | None] = mapped_column(Text)


class MatchFeedback(TimestampMixin, Base):
    """What people did with a pairing; the ranker learns from it."""

    __tablename__ = "match_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id"))
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id"))
    signal: Mapped[str] = mapped_column(String(16))
    label: Mapped[float]
    parts: Mapped[dict[str, Any]] = mapped_column(default=dict)
