from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

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
