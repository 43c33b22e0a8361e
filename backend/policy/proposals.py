"""揭榜方案: its provider's organization, the demand's publisher and the region's officials read it.
A proposal is answered through its match (engage / decline), so it has no actions of its own."""

from __future__ import annotations

from dataclasses import dataclass

from backend.demands.models import Demand
from backend.policy.demands import DEMAND_POLICY
from backend.policy.engine import Kind, Policy
from backend.policy.principal import Principal
from backend.proposals.models import Proposal


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    demand: Demand


def _visible(p: Principal, v: ProposalView) -> bool:
    return p.member_of(v.proposal.organization_id) or DEMAND_POLICY.allows(
        p, "read_candidates", v.demand
    )


PROPOSAL_POLICY: Policy[ProposalView] = Policy(
    Kind("proposal", "揭榜方案", "Proposal"),
    state_of=lambda _v: "submitted",
    visible=_visible,
)
