"""需求清单: compiled by an official for their region (province-wide when they have none);
public once published."""

from __future__ import annotations

from backend.common.workflow import Role
from backend.demand_lists.models import DemandList
from backend.policy.engine import Kind, Policy, Rule
from backend.policy.principal import Principal

ANYONE: frozenset[Role] = frozenset()


def official_of(p: Principal, row: DemandList) -> bool:
    if row.region is None:
        return p.is_province_wide
    return p.covers(row.region)


def _visible(p: Principal, row: DemandList) -> bool:
    return row.status == "published" or official_of(p, row)


DEMAND_LIST_POLICY: Policy[DemandList] = Policy(
    Kind("demand_list", "需求清单", "Demand list"),
    state_of=lambda row: row.status,
    visible=_visible,
)
DEMAND_LIST_POLICY.add(
    Rule(
        "publish",
        frozenset({Role.OFFICIAL}),
        official_of,
        "official_of_region",
        frozenset({"draft"}),
        outside_zh="该清单不在您的管辖范围内",
        outside_en="This list is outside your region",
    )
)
# a published list is everyone's to download, anonymous visitors included
DEMAND_LIST_POLICY.add(Rule("export", ANYONE, _visible, "published_or_official_of_region"))
