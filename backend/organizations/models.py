from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, VersionedMixin


class Organization(VersionedMixin, Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="企业")
    region: Mapped[str | None] = mapped_column(String(64))
