from __future__ import annotations

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, VersionedMixin


class Proposal(VersionedMixin, Base):
    __tablename__ = "proposals"
    # one proposal per provider organization per demand; the database settles races
    __table_args__ = (UniqueConstraint("demand_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id"), index=True)
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    summary: Mapped[str] = mapped_column(Text)
    price_wan: Mapped[float | None]
    timeline_months: Mapped[int | None]
