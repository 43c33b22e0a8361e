from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, utcnow


class Attachment(Base):
    """A file attached to one parent object; its bytes live in the store under `sha256`."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_parent", "parent_type", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # demand | solution | proposal | application
    parent_type: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int]
    # the organization that uploaded it (the parent's owner, or one party of an application)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
