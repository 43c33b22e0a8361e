from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.organizations.models import Organization


def by_name(session: Session, name: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.name == name))


def by_uscc(session: Session, uscc: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.uscc == uscc))


def get_or_create(
    session: Session, *, name: str, kind: str = "企业", region: str | None = None
) -> Organization:
    org = by_name(session, name)
    if org is None:
        org = Organization(name=name, kind=kind, region=region)
        session.add(org)
        session.flush()
    return org


def get(session: Session, organization_id: int) -> Organization | None:
    return session.get(Organization, organization_id)


def members(session: Session, organization_id: int) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .where(User.organization_id == organization_id, User.deleted_at.is_(None))
            .order_by(case((User.membership == "pending", 0), else_=1), User.id)
        )
    )


def member(session: Session, *, organization_id: int, user_id: int) -> User | None:
    return session.scalar(
        select(User).where(
            User.id == user_id, User.organization_id == organization_id, User.deleted_at.is_(None)
        )
    )


def admin_count(session: Session, organization_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                User.organization_id == organization_id,
                User.is_org_admin.is_(True),
                User.membership == "active",
            )
        )
        or 0
    )
