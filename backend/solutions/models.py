from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db.base import Base, SoftDeleteMixin, VersionedMixin
from backend.organizations.models import Organization


class Solution(VersionedMixin, SoftDeleteMixin, Base):
    __tablename__ = "solutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    fields: Mapped[list[str]] = mapped_column(default=list)
    industries: Mapped[list[str]] = mapped_column(default=list)
    trl: Mapped[int | None]
    regions_served: Mapped[list[str]] = mapped_column(default=list)
    price_min_wan: Mapped[float | None]
    price_max_wan: Mapped[float | None]
    keywords: Mapped[list[str]] = mapped_column(default=list)
    ip_summary: Mapped[str | None] = mapped_column(Text)
    references: Mapped[str | None] = mapped_column(Text)
    # public: in the catalogue for everyone (技术供给清单); members: logged-in users only
    visibility: Mapped[str] = mapped_column(
        String(16), default="members", server_default="members", index=True
    )

    organization: Mapped[Organization] = relationship(lazy="joined")
