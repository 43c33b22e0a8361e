from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import CurrentUser, ProviderUser, SessionDep
from backend.api.params import IdPath
from backend.demands import service as demands
from backend.proposals import service
from backend.proposals.schemas import ProposalCreate, ProposalRead

router = APIRouter(tags=["proposals"])


@router.post(
    "/demands/{demand_id}/proposals",
    response_model=ProposalRead,
    status_code=201,
    operation_id="createProposal",
)
def create_proposal(
    demand_id: IdPath, data: ProposalCreate, session: SessionDep, user: ProviderUser
) -> ProposalRead:
    proposal = service.create(session, demand_id=demand_id, user=user, data=data)
    return service.to_read(session, proposal, user=user)


@router.get(
    "/demands/{demand_id}/proposals",
    response_model=list[ProposalRead],
    operation_id="demandProposals",
)
def demand_proposals(
    demand_id: IdPath, session: SessionDep, user: CurrentUser
) -> list[ProposalRead]:
    """Incoming proposals for a demand (its publisher and officials)."""
    demands.get_readable(session, demand_id=demand_id, user=user, action="read_candidates")
    return [service.to_read(session, p, user=user) for p in service.for_demand(session, demand_id)]


@router.get("/proposals", response_model=list[ProposalRead], operation_id="myProposals")
def my_proposals(session: SessionDep, user: ProviderUser) -> list[ProposalRead]:
    return [service.to_read(session, p, user=user) for p in service.mine(session, user)]
