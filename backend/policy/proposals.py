"""揭榜方案: its provider's organization, the demand's publisher and the region's officials read it.
A proposal is answered through its match (engage / decline); its state is its match's. The
provider changes its attachments until the publisher has answered (the match is still proposed)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.common.workflow import Role
from backend.demands.models import Demand
from backend.policy.demands import DEMAND_POLICY
from backend.policy.engine import Kind, Policy, Rule
from backend.policy.principal import Principal
from backend.proposals.models import Proposal


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    demand: Demand
    # the status of the proposal's match (None where only visibility is asked)
    match_status: str | None = None


def owns(p: Principal, v: ProposalView) -> bool:
    return p.acts_for(Role.PROVIDER, v.proposal.organization_id)


def _visible(p: Principal, v: ProposalView) -> bool:
    return p.member_of(v.proposal.organization_id) or DEMAND_POLICY.allows(
        p, "read_candidates", v.demand
    )


PROPOSAL_POLICY: Policy[ProposalView] = Policy(
    Kind("proposal", "揭榜方案", "Proposal"),
    state_of=lambda v: v.match_status or "unknown",
    visible=_visible,
)
PROPOSAL_POLICY.add(
    Rule(
        "edit_attachments",
        frozenset({Role.PROVIDER}),
        owns,
        "owner",
        frozenset({"proposed"}),
        outside_zh="只能修改本机构揭榜方案的附件",
        outside_en="Only your organization's proposals",
    )
)
