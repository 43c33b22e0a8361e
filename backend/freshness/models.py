from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base


class CacheVersion(Base):
    """A counter per topic of public data, raised by every commit that changes that topic; what
    was built from an older count is never served again (`backend.freshness.versions`)."""

    __tablename__ = "cache_versions"

    topic: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
