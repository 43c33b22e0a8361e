"""应用场景: public once designated; the officials of its region advance it."""

from __future__ import annotations

from backend.common.workflow import Role
from backend.policy.engine import Kind, Policy, Rule
from backend.policy.principal import Principal
from backend.scenarios.models import Scenario
from backend.scenarios.workflow import SCENARIO_WORKFLOW


def official_of(p: Principal, s: Scenario) -> bool:
    return p.covers(s.region)


SCENARIO_POLICY: Policy[Scenario] = Policy(
    Kind("scenario", "应用场景", "Scenario"),
    state_of=lambda s: s.stage,
    visible=lambda _p, _s: True,
    workflow=SCENARIO_WORKFLOW,
)
SCENARIO_POLICY.add(
    Rule(
        "read_history",
        frozenset(Role),
        lambda p, s: (
            official_of(p, s) or p.member_of(s.publisher_org_id) or p.member_of(s.provider_org_id)
        ),
        "party_or_official_of_region",
        shown=False,
    )
)
for action in ("demonstration", "replicable"):
    SCENARIO_POLICY.transition_rule(
        action,
        official_of,
        "official_of_region",
        outside_zh="该场景不在您的管辖范围内",
        outside_en="This scenario is outside your region",
    )
