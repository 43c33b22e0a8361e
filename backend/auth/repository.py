from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend.auth.models import LoginAttempt, User


def by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def by_id(session: Session, user_id: int) -> User | None:
    user = session.get(User, user_id)
    return None if user is None or user.deleted_at is not None else user


def display_names(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return {int(i): str(n) for i, n in rows.all()}


def with_role(session: Session, role: str) -> list[User]:
    users = session.scalars(select(User).where(User.deleted_at.is_(None)).order_by(User.id))
    return [u for u in users if role in u.roles]


def failures_since(
    session: Session, *, email: str | None, address: str | None, since: datetime
) -> int:
    stmt = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.at >= since)
    if email is not None:
        stmt = stmt.where(LoginAttempt.email == email.lower())
    if address is not None:
        stmt = stmt.where(LoginAttempt.address == address)
    return int(session.scalar(stmt) or 0)


def add_failure(session: Session, *, email: str, address: str, at: datetime) -> None:
    session.add(LoginAttempt(email=email.lower(), address=address, at=at))


def clear_failures(session: Session, *, email: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.email == email.lower()))
