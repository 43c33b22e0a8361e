from __future__ import annotations

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, VersionedMixin


class Proposal(VersionedMixin, Base):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id"), index=True)
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    summary: Mapped[str] = mapped_column(Text)
    price_wan: Mapped[float | None]
    timeline_months: Mapped[int | None]
