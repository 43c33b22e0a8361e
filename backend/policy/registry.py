"""Every object's policy, for the permission tests and anything that enumerates the rules."""

from __future__ import annotations

from typing import Any

from backend.policy.applications import APPLICATION_POLICY
from backend.policy.demand_lists import DEMAND_LIST_POLICY
from backend.policy.demands import DEMAND_POLICY
from backend.policy.engine import Policy
from backend.policy.matches import MATCH_POLICY
from backend.policy.notices import NOTICE_POLICY, OBJECTION_POLICY
from backend.policy.organizations import MEMBER_POLICY, ORGANIZATION_POLICY
from backend.policy.proposals import PROPOSAL_POLICY
from backend.policy.scenarios import SCENARIO_POLICY
from backend.policy.solutions import SOLUTION_POLICY

POLICIES: tuple[Policy[Any], ...] = (
    DEMAND_POLICY,
    SOLUTION_POLICY,
    MATCH_POLICY,
    PROPOSAL_POLICY,
    APPLICATION_POLICY,
    NOTICE_POLICY,
    OBJECTION_POLICY,
    SCENARIO_POLICY,
    DEMAND_LIST_POLICY,
    ORGANIZATION_POLICY,
    MEMBER_POLICY,
)
