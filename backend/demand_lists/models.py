from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db.base import Base, VersionedMixin


class DemandList(VersionedMixin, Base):
    __tablename__ = "demand_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # the region of the official who compiled it; None: a province-wide list
    region: Mapped[str | None] = mapped_column(String(64), index=True)
    published_at: Mapped[datetime | None]
    # 发文单位 and 文号, set when the list is published; a 文号 names one list only
    issuing_body: Mapped[str | None] = mapped_column(String(100))
    document_number: Mapped[str | None] = mapped_column(String(64), unique=True)

    items: Mapped[list[DemandListItem]] = relationship(
        order_by="DemandListItem.position", cascade="all, delete-orphan", lazy="selectin"
    )


class DemandListItem(Base):
    __tablename__ = "demand_list_items"
    __table_args__ = (UniqueConstraint("demand_list_id", "demand_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_list_id: Mapped[int] = mapped_column(ForeignKey("demand_lists.id"), index=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id"))
    position: Mapped[int]
