from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, VersionedMixin


class Application(VersionedMixin, Base):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), unique=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    pilot_plan: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), default="submitted", index=True)
    preliminary_comment: Mapped[str | None] = mapped_column(Text)
    reject_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]


class ExpertAssignment(VersionedMixin, Base):
    __tablename__ = "expert_assignments"
    __table_args__ = (UniqueConstraint("application_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # assigned | scored | conflict_declared
    status: Mapped[str] = mapped_column(String(24), default="assigned")
    conflict_reason: Mapped[str | None] = mapped_column(Text)


class Score(VersionedMixin, Base):
    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("application_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    innovation: Mapped[int]
    advancement: Mapped[int]
    feasibility: Mapped[int]
    replicability: Mapped[int]
    benefit: Mapped[int]
    total: Mapped[float]
    comment: Mapped[str | None] = mapped_column(Text)


class Notice(VersionedMixin, Base):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    days: Mapped[int]
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # 发文单位 and 文号 of the notice as a document
    issuing_body: Mapped[str | None] = mapped_column(String(100))
    document_number: Mapped[str | None] = mapped_column(String(64))


class Objection(VersionedMixin, Base):
    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    resolution: Mapped[str | None] = mapped_column(Text)
