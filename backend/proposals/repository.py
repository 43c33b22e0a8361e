from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.proposals.models import Proposal


def for_demand(session: Session, demand_id: int) -> list[Proposal]:
    return list(
        session.scalars(
            select(Proposal).where(Proposal.demand_id == demand_id).order_by(Proposal.id.desc())
        )
    )


def for_organization(session: Session, organization_id: int) -> list[Proposal]:
    return list(
        session.scalars(
            select(Proposal)
            .where(Proposal.organization_id == organization_id)
            .order_by(Proposal.id.desc())
        )
    )


def existing(
    session: Session, *, demand_id: int, organization_id: int, solution_id: int | None
) -> Proposal | None:
    stmt = select(Proposal).where(
        Proposal.demand_id == demand_id, Proposal.organization_id == organization_id
    )
    stmt = stmt.where(
        Proposal.solution_id.is_(None)
        if solution_id is None
        else Proposal.solution_id == solution_id
    )
    return session.scalar(stmt)
