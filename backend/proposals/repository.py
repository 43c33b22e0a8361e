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


def existing(session: Session, *, demand_id: int, organization_id: int) -> Proposal | None:
    """The organization's proposal for the demand, if any: the rule is one per pair, whatever
    solution it names (the unique constraint uq_proposals_demand_id says the same)."""
    return session.scalar(
        select(Proposal).where(
            Proposal.demand_id == demand_id, Proposal.organization_id == organization_id
        )
    )


def get(session: Session, proposal_id: int) -> Proposal | None:
    return session.get(Proposal, proposal_id)
