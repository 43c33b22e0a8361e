from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db.base import Base, SoftDeleteMixin, VersionedMixin
from backend.organizations.models import Organization


class User(VersionedMixin, SoftDeleteMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(100))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    roles: Mapped[list[str]] = mapped_column(default=list)
    # an official may be scoped to one region (a 设区市); None means province-wide
    region: Mapped[str | None] = mapped_column(String(64))
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)
    # membership of `organization`: the first registrant of a credit code is its administrator;
    # later registrants wait as `pending` until the administrator (or an official) approves
    membership: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    is_org_admin: Mapped[bool] = mapped_column(default=False, server_default=false())

    organization: Mapped[Organization] = relationship(lazy="joined")


class LoginCounter(Base):
    """Login attempts per account and per address in the current window, one row each, counted
    by a single atomic upsert so that parallel attempts cannot slip past the limit."""

    __tablename__ = "login_counters"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # "account" | "address"
    subject: Mapped[str] = mapped_column(String(254), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime]
