from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from backend.solutions.models import Solution


def get(session: Session, solution_id: int) -> Solution | None:
    solution = session.get(Solution, solution_id)
    return None if solution is None or solution.deleted_at is not None else solution


def by_external_id(session: Session, external_id: str) -> Solution | None:
    return session.scalar(select(Solution).where(Solution.external_id == external_id))


def list_solutions(
    session: Session, *, organization_id: int | None, offset: int, limit: int
) -> tuple[list[Solution], int]:
    conds: list[ColumnElement[bool]] = [Solution.deleted_at.is_(None)]
    if organization_id is not None:
        conds.append(Solution.organization_id == organization_id)
    total = session.scalar(select(func.count()).select_from(Solution).where(*conds)) or 0
    rows = session.scalars(
        select(Solution)
        .where(*conds)
        .order_by(Solution.updated_at.desc(), Solution.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows), int(total)
