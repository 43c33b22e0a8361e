"""Database rows → the frozen documents the matching library works on."""

from __future__ import annotations

from backend.demands.models import Demand
from backend.solutions.models import Solution
from matching import DemandDoc, SolutionDoc


def demand_doc(demand: Demand) -> DemandDoc:
    return DemandDoc(
        id=str(demand.id),
        title=demand.title,
        description=demand.description,
        field=demand.field,
        industry=demand.industry,
        region=demand.region,
        scenario_tier=demand.scenario_tier,
        budget_min_wan=demand.budget_min_wan,
        budget_max_wan=demand.budget_max_wan,
        trl_required=demand.trl_required,
        cooperation_mode=demand.cooperation_mode,
        keywords=tuple(demand.keywords or ()),
        deadline=demand.deadline,
    )


def solution_doc(solution: Solution) -> SolutionDoc:
    return SolutionDoc(
        id=str(solution.id),
        title=solution.title,
        description=solution.description,
        fields=tuple(solution.fields or ()),
        industries=tuple(solution.industries or ()),
        trl=solution.trl,
        regions_served=tuple(solution.regions_served or ()),
        price_min_wan=solution.price_min_wan,
        price_max_wan=solution.price_max_wan,
        keywords=tuple(solution.keywords or ()),
    )
