"""供需匹配: its two parties and the officials of the demand's region."""

from __future__ import annotations

from dataclasses import dataclass

from backend.common.workflow import Role
from backend.demands.models import Demand
from backend.errors import AppError, conflict
from backend.matches.models import Match
from backend.matches.workflow import MATCH_WORKFLOW
from backend.policy.engine import Kind, Policy, Precondition
from backend.policy.principal import Principal


@dataclass(frozen=True)
class MatchView:
    match: Match
    demand: Demand


def sides(p: Principal, match: Match, demand: Demand) -> set[str]:
    """Which sides of the pairing `p` acts for: 'demand', 'provider', or both."""
    held: set[str] = set()
    if p.acts_for(Role.PUBLISHER, demand.organization_id):
        held.add("demand")
    if p.acts_for(Role.PROVIDER, match.provider_org_id):
        held.add("provider")
    return held


def pending_sides(p: Principal, view: MatchView) -> list[str]:
    m = view.match
    return [
        s
        for s in sorted(sides(p, m, view.demand))
        if (m.demand_engaged_at if s == "demand" else m.provider_engaged_at) is None
    ]


def is_party(p: Principal, view: MatchView) -> bool:
    return bool(sides(p, view.match, view.demand))


def _visible(p: Principal, view: MatchView) -> bool:
    return is_party(p, view) or p.covers(view.demand.region)


def _already_engaged(view: MatchView) -> AppError:
    return conflict(
        "match.already_engaged",
        "您已确认过该匹配，等待对方确认",
        "You have already engaged; waiting for the other side",
        current_state=view.match.status,
    )


def _demand_gone(view: MatchView) -> AppError:
    return conflict(
        "match.demand_not_published",
        "需求已不在发布状态",
        "The demand is no longer published",
        current_state=view.match.status,
    )


MATCH_POLICY: Policy[MatchView] = Policy(
    Kind("match", "供需匹配", "Match"),
    state_of=lambda v: v.match.status,
    visible=_visible,
    workflow=MATCH_WORKFLOW,
)
NOT_PARTY_ZH, NOT_PARTY_EN = "您不是该匹配的当事方", "You are not a party to this match"
MATCH_POLICY.transition_rule(
    "engage",
    is_party,
    "party",
    preconditions=[
        Precondition("own_side_pending", lambda p, v: bool(pending_sides(p, v)), _already_engaged),
        Precondition("demand_published", lambda _, v: v.demand.status == "published", _demand_gone),
    ],
    outside_zh=NOT_PARTY_ZH,
    outside_en=NOT_PARTY_EN,
)
MATCH_POLICY.transition_rule(
    "decline", is_party, "party", outside_zh=NOT_PARTY_ZH, outside_en=NOT_PARTY_EN
)
# either party of an engaged match may apply for demonstration (申报示范)
MATCH_POLICY.transition_rule(
    "apply",
    is_party,
    "party",
    outside_zh="只有匹配双方可以申报",
    outside_en="Only the parties of the match may apply",
)
