from __future__ import annotations

from sqlalchemy.orm import Session

from backend.attachments import reads as attachments
from backend.audit.service import record
from backend.auth.models import User
from backend.common.workflow import Role
from backend.demands import repository as demands
from backend.demands.service import get_for
from backend.errors import duplicate, invalid_field
from backend.matches import repository as matches
from backend.matches.models import Match
from backend.matches.workflow import MatchStatus
from backend.notifications import events
from backend.organizations.models import Organization
from backend.policy import principal_of
from backend.policy.organizations import require_active_member
from backend.policy.proposals import PROPOSAL_POLICY, ProposalView
from backend.proposals import repository
from backend.proposals.models import Proposal
from backend.proposals.schemas import ProposalCreate, ProposalRead
from backend.solutions import repository as solutions


def create(session: Session, *, demand_id: int, user: User, data: ProposalCreate) -> Proposal:
    """A provider's answer to one published demand; it opens (or joins) the pairing's Match."""
    require_active_member(principal_of(user), Role.PROVIDER)
    demand = get_for(session, demand_id=demand_id, user=user, action="propose")
    if data.solution_id is not None:
        solution = solutions.get(session, data.solution_id)
        if solution is None or solution.organization_id != user.organization_id:
            raise invalid_field(
                "solution_id",
                "请选择本机构的解决方案",
                "Choose one of your organization's solutions",
            )
    if repository.existing(session, demand_id=demand_id, organization_id=user.organization_id):
        # the same answer as the unique constraint gives a simultaneous duplicate
        raise duplicate("proposals", ("demand_id", "organization_id"))
    proposal = Proposal(
        demand_id=demand_id,
        organization_id=user.organization_id,
        author_id=user.id,
        **data.model_dump(mode="python"),
    )
    session.add(proposal)
    session.flush()
    match = None
    if data.solution_id is not None:
        match = matches.for_pair(session, demand_id=demand_id, solution_id=data.solution_id)
    if match is None:
        match = Match(
            demand_id=demand_id,
            solution_id=data.solution_id,
            provider_org_id=user.organization_id,
            origin="proposal",
            status="proposed",
            parts={},
        )
        session.add(match)
    else:
        match.origin = "proposal"
    match.proposal_id = proposal.id
    session.flush()
    record(
        session,
        object_type="proposal",
        object_id=proposal.id,
        action="create",
        actor_id=user.id,
        details={"demand_id": demand_id, "match_id": match.id},
    )
    record(
        session,
        object_type="match",
        object_id=match.id,
        action="propose",
        actor_id=user.id,
        to_state=match.status,
    )
    events.proposal_received(session, proposal=proposal, demand=demand, actor=user)
    return proposal


def to_read(session: Session, proposal: Proposal, *, user: User) -> ProposalRead:
    read = ProposalRead.model_validate(proposal)
    org = session.get(Organization, proposal.organization_id)
    demand = demands.get(session, proposal.demand_id)
    read.organization_name = org.name if org else ""
    read.demand_title = demand.title if demand else ""
    match = matches.by_proposal(session, proposal.id)
    if match is not None:
        read.match_id, read.match_status = match.id, MatchStatus(match.status)
    read.attachments = attachments.listed_for(
        session, parent_type="proposal", parent_id=proposal.id
    )
    if demand is not None:
        view = ProposalView(proposal, demand, match.status if match else None)
        read.next_actions = PROPOSAL_POLICY.next_actions(principal_of(user), view)
    return read


def for_demand(session: Session, demand_id: int) -> list[Proposal]:
    return repository.for_demand(session, demand_id)


def mine(session: Session, user: User) -> list[Proposal]:
    organization_id = principal_of(user).organization_id
    if organization_id is None:
        return []
    return repository.for_organization(session, organization_id)
