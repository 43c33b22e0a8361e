from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, delete, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from backend.auth.models import LoginCounter, User
from backend.db.base import UTCDateTime


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


def note_login(session: Session, *, user_id: int, at: datetime) -> None:
    """When the user last logged in. A plain UPDATE: a login is not an edit of the account, so
    it leaves the row's version alone and two logins at once do not conflict."""
    session.execute(update(User).where(User.id == user_id).values(last_login_at=at))


def with_role(session: Session, role: str) -> list[User]:
    users = session.scalars(select(User).where(User.deleted_at.is_(None)).order_by(User.id))
    return [u for u in users if role in u.roles]


def count_attempt(
    session: Session, *, kind: str, subject: str, now: datetime, window_start: datetime
) -> int:
    """Add one attempt to (kind, subject) and return the window's count, in ONE statement
    (INSERT ... ON CONFLICT DO UPDATE ... RETURNING): parallel callers get distinct counts.
    A window older than `window_start` starts over at 1."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stale = LoginCounter.window_started_at < literal(window_start, UTCDateTime())
    stmt = (
        insert(LoginCounter)
        .values(kind=kind, subject=subject[:254], attempts=1, window_started_at=now)
        .on_conflict_do_update(
            index_elements=[LoginCounter.kind, LoginCounter.subject],
            set_={
                "attempts": case((stale, 1), else_=LoginCounter.attempts + 1),
                "window_started_at": case(
                    (stale, literal(now, UTCDateTime())), else_=LoginCounter.window_started_at
                ),
            },
        )
        .returning(LoginCounter.attempts)
    )
    return int(session.execute(stmt).scalar_one())


def forget_attempt(session: Session, *, kind: str, subject: str) -> None:
    """Take one counted attempt back (a login that succeeded was no failure)."""
    session.execute(
        update(LoginCounter)
        .where(
            LoginCounter.kind == kind,
            LoginCounter.subject == subject[:254],
            LoginCounter.attempts > 0,
        )
        .values(attempts=LoginCounter.attempts - 1)
    )


def clear_attempts(session: Session, *, kind: str, subject: str) -> None:
    session.execute(
        delete(LoginCounter).where(LoginCounter.kind == kind, LoginCounter.subject == subject[:254])
    )
