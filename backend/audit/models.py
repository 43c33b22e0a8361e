from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(48))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str | None] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
