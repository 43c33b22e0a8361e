"""场景需求: published demands are public; drafts belong to their organization and its region's officials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backend.common.workflow import Role
from backend.demands.models import Demand
from backend.demands.workflow import DEMAND_WORKFLOW, EDITABLE_STATES, PUBLIC_STATES
from backend.errors import AppError, conflict
from backend.policy.engine import Kind, Policy, Precondition, Rule
from backend.policy.principal import Principal

OUTSIDE_REGION_ZH = "该需求不在您的管辖范围内"
OUTSIDE_REGION_EN = "This demand is outside your region"


def is_public(demand: Demand) -> bool:
    return demand.status in PUBLIC_STATES and demand.published_at is not None


def _visible(p: Principal, d: Demand) -> bool:
    if d.deleted_at is not None:
        return False
    return is_public(d) or p.member_of(d.organization_id) or p.covers(d.region)


def owns(p: Principal, d: Demand) -> bool:
    return p.acts_for(Role.PUBLISHER, d.organization_id)


def official_of(p: Principal, d: Demand) -> bool:
    return p.covers(d.region)


@dataclass(frozen=True)
class ListScope:
    """Which demands a logged-in user's list shows: officials every state of their region,
    everyone else what is published (or, with `mine`, their own organization's)."""

    statuses: list[str] | None
    region: str | None
    organization_id: int | None
    empty: bool = False


def list_scope(p: Principal, *, mine: bool, statuses: list[str] | None) -> ListScope:
    if mine:
        return ListScope(statuses, None, p.organization_id, empty=p.organization_id is None)
    if not p.is_official:
        return ListScope(["published"], None, None)
    return ListScope(statuses, None if p.is_province_wide else p.region, None)


def _deadline_ahead(_: Principal, d: Demand) -> bool:
    return d.deadline is None or d.deadline >= date.today()


def _deadline_refusal(d: Demand) -> AppError:
    return conflict(
        "demand.deadline_passed",
        "截止日期已过，无法发布",
        "The deadline has passed",
        current_state=d.status,
    )


def _not_own(p: Principal, d: Demand) -> bool:
    return p.organization_id is not None and not p.member_of(d.organization_id)


DEMAND_POLICY: Policy[Demand] = Policy(
    Kind("demand", "场景需求", "Demand"),
    state_of=lambda d: d.status,
    visible=_visible,
    workflow=DEMAND_WORKFLOW,
)
PUBLISHER = frozenset({Role.PUBLISHER})
OFFICIAL = frozenset({Role.OFFICIAL})
DEMAND_POLICY.add(Rule("edit", PUBLISHER, owns, "owner", EDITABLE_STATES))
DEMAND_POLICY.add(Rule("delete", PUBLISHER, owns, "owner", EDITABLE_STATES))
# uploading and removing attachments is part of editing: the owner, while a draft or returned
DEMAND_POLICY.add(Rule("edit_attachments", PUBLISHER, owns, "owner", EDITABLE_STATES))
DEMAND_POLICY.transition_rule("submit", owns, "owner")
DEMAND_POLICY.transition_rule(
    "publish",
    official_of,
    "official_of_region",
    preconditions=[Precondition("deadline_ahead", _deadline_ahead, _deadline_refusal)],
    outside_zh=OUTSIDE_REGION_ZH,
    outside_en=OUTSIDE_REGION_EN,
)
DEMAND_POLICY.transition_rule(
    "return",
    official_of,
    "official_of_region",
    outside_zh=OUTSIDE_REGION_ZH,
    outside_en=OUTSIDE_REGION_EN,
)
DEMAND_POLICY.transition_rule("close", owns, "owner")
# reading the candidates and the incoming proposals: the publisher and the region's officials
DEMAND_POLICY.add(
    Rule(
        "read_candidates",
        frozenset({Role.PUBLISHER, Role.OFFICIAL}),
        lambda p, d: owns(p, d) or official_of(p, d),
        "owner_or_official_of_region",
        shown=False,
    )
)
# the history (操作记录) is the organization's and its region's officials', even once public
DEMAND_POLICY.add(
    Rule(
        "read_history",
        frozenset(Role),
        lambda p, d: p.member_of(d.organization_id) or official_of(p, d),
        "member_or_official_of_region",
        shown=False,
    )
)
# a provider answers a published demand of another organization
DEMAND_POLICY.add(
    Rule(
        "propose",
        frozenset({Role.PROVIDER}),
        _not_own,
        "other_organization",
        frozenset({"published"}),
    )
)
# an official suggests a pairing, or puts the demand into a demand list, in their region
for action in ("suggest_match", "include_in_list"):
    DEMAND_POLICY.add(
        Rule(
            action,
            OFFICIAL,
            official_of,
            "official_of_region",
            frozenset({"published"}),
            outside_zh=OUTSIDE_REGION_ZH,
            outside_en=OUTSIDE_REGION_EN,
            shown=False,
        )
    )
