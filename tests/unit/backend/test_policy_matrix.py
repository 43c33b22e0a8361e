"""The permission matrix, generated from the policy: role × relation × region × state.

SPEC below is the specification, written independently of the code: for every action on every
object, who may take it, in which relation to the object and from which states. A rule the
policy has and SPEC does not (or the reverse) fails, so a new action cannot ship without a
decision; every workflow transition a person takes must have a rule. Then every rule is decided
for every role, with the relation holding and not, in every state, on real model objects.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backend.auth.models import User
from backend.demand_lists.models import DemandList
from backend.demands.models import Demand
from backend.demands.workflow import DEMAND_WORKFLOW, DemandStatus
from backend.matches.models import Match
from backend.matches.workflow import MATCH_WORKFLOW, MatchStatus
from backend.organizations.models import Organization
from backend.policy import Principal
from backend.policy.applications import ApplicationView
from backend.policy.demands import DEMAND_POLICY
from backend.policy.engine import Policy, Rule
from backend.policy.matches import MatchView
from backend.policy.notices import NoticeView, ObjectionView
from backend.policy.organizations import MemberView
from backend.policy.proposals import ProposalView
from backend.policy.registry import POLICIES
from backend.proposals.models import Proposal
from backend.review.models import Application, Notice, Objection
from backend.review.workflow import APPLICATION_WORKFLOW, ApplicationStatus
from backend.scenarios.models import Scenario
from backend.scenarios.workflow import SCENARIO_WORKFLOW, ScenarioStage
from backend.solutions.models import Solution

ROLES = ("publisher", "provider", "official", "expert", "admin")
EVERYONE = frozenset(ROLES)
PUB, PROV, OFF, EXP = (
    frozenset({"publisher"}),
    frozenset({"provider"}),
    frozenset({"official"}),
    frozenset({"expert"}),
)
EDITABLE = frozenset({"draft", "returned"})
OPEN = frozenset({"submitted", "expert_review", "public_notice"})

SPEC: dict[tuple[str, str], tuple[frozenset[str], str, frozenset[str] | None]] = {
    ("demand", "edit"): (PUB, "owner", EDITABLE),
    ("demand", "delete"): (PUB, "owner", EDITABLE),
    ("demand", "edit_attachments"): (PUB, "owner", EDITABLE),
    ("demand", "submit"): (PUB, "owner", EDITABLE),
    ("demand", "publish"): (OFF, "official_of_region", frozenset({"submitted"})),
    ("demand", "return"): (OFF, "official_of_region", frozenset({"submitted"})),
    ("demand", "close"): (
        PUB,
        "owner",
        frozenset({"draft", "submitted", "returned", "published"}),
    ),
    ("demand", "read_candidates"): (PUB | OFF, "owner_or_official_of_region", None),
    ("demand", "read_history"): (EVERYONE, "member_or_official_of_region", None),
    ("demand", "propose"): (PROV, "other_organization", frozenset({"published"})),
    ("demand", "suggest_match"): (OFF, "official_of_region", frozenset({"published"})),
    ("demand", "include_in_list"): (OFF, "official_of_region", frozenset({"published"})),
    ("solution", "edit"): (PROV, "owner", frozenset({"active"})),
    ("solution", "delete"): (PROV, "owner", frozenset({"active"})),
    ("solution", "edit_attachments"): (PROV, "owner", frozenset({"active"})),
    # a proposal's state is its match's: its provider changes its attachments until answered
    ("proposal", "edit_attachments"): (PROV, "owner", frozenset({"proposed"})),
    ("solution", "read_history"): (EVERYONE, "member_or_province_official", None),
    ("solution", "read_candidates"): (PROV | OFF, "owner_or_province_official", None),
    ("match", "engage"): (PUB | PROV, "party", frozenset({"proposed"})),
    ("match", "decline"): (PUB | PROV, "party", frozenset({"proposed", "engaged"})),
    ("match", "apply"): (PUB | PROV, "party", frozenset({"engaged"})),
    ("application", "edit_attachments"): (PUB | PROV, "party", frozenset({"submitted"})),
    ("application", "pass"): (OFF, "official_of_region", frozenset({"submitted"})),
    ("application", "reject"): (OFF, "official_of_region", OPEN),
    ("application", "assign_experts"): (OFF, "official_of_region", frozenset({"expert_review"})),
    ("application", "open_notice"): (OFF, "official_of_region", frozenset({"expert_review"})),
    ("application", "designate"): (OFF, "official_of_region", frozenset({"public_notice"})),
    ("application", "score"): (EXP, "assigned_expert", frozenset({"expert_review"})),
    ("application", "declare_conflict"): (EXP, "assigned_expert", frozenset({"expert_review"})),
    ("notice", "export"): (frozenset(), "anyone", None),
    ("notice", "lodge_objection"): (EVERYONE, "logged_in", None),
    ("objection", "resolve"): (OFF, "official_of_region", frozenset({"open"})),
    ("scenario", "demonstration"): (OFF, "official_of_region", frozenset({"piloting"})),
    ("scenario", "replicable"): (OFF, "official_of_region", frozenset({"demonstration"})),
    ("scenario", "read_history"): (EVERYONE, "party_or_official_of_region", None),
    ("demand_list", "publish"): (OFF, "official_of_region", frozenset({"draft"})),
    ("demand_list", "export"): (frozenset(), "published_or_official_of_region", None),
    ("organization", "edit"): (PUB | PROV, "organization_admin", None),
    ("organization", "manage_members"): (
        EVERYONE,
        "organization_admin_or_official_of_region",
        None,
    ),
    ("member", "approve"): (
        EVERYONE,
        "organization_admin_or_official_of_region",
        frozenset({"pending"}),
    ),
    ("member", "remove"): (
        EVERYONE,
        "organization_admin_or_official_of_region",
        frozenset({"pending", "active"}),
    ),
}
# where a precondition or visibility works like a state: objections only while the notice
# runs; a deleted solution is gone
EFFECTIVE_STATES = {
    ("notice", "lodge_objection"): frozenset({"open"}),
    ("solution", "read_history"): frozenset({"active"}),
    ("solution", "read_candidates"): frozenset({"active"}),
}
# relations only an official can stand in
OFFICIALS_ONLY = {"official_of_region", "published_or_official_of_region"}
# where the relation holds for everyone in some states: a published list is public
PUBLIC_IN = {
    ("demand_list", "export"): frozenset({"published"}),
    ("notice", "export"): frozenset({"open", "closed"}),  # a public record while and after
}

STATES: dict[str, tuple[str, ...]] = {
    "demand": tuple(DemandStatus),
    "solution": ("active", "deleted"),
    "match": tuple(MatchStatus),
    "proposal": tuple(MatchStatus),
    "application": tuple(ApplicationStatus),
    "notice": ("open", "closed"),
    "objection": ("open", "upheld", "dismissed"),
    "scenario": tuple(ScenarioStage),
    "demand_list": ("draft", "published"),
    "organization": ("active",),
    "member": ("pending", "active", "removed"),
}

OWN_ORG, PROVIDER_ORG, OTHER_ORG = 10, 20, 99
ME = 7
IN_REGION, OUT_OF_REGION = "苏州市", "南京市"
OBJECT_REGION = "苏州工业园区"  # a park of 苏州市: the city's official covers it
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# relations an admin holds everywhere: an admin is a province-wide official
REGIONAL = {
    "official_of_region",
    "owner_or_official_of_region",
    "member_or_official_of_region",
    "member_or_province_official",
    "owner_or_province_official",
    "organization_admin_or_official_of_region",
    "party_or_official_of_region",
    "published_or_official_of_region",
}


def rules() -> list[tuple[Policy[Any], Rule[Any]]]:
    return [(p, r) for p in POLICIES for r in p.rules.values()]


def test_every_rule_is_specified_and_every_specification_has_a_rule() -> None:
    have = {(p.kind.object_type, r.action) for p, r in rules()}
    assert sorted(have - set(SPEC)) == [], "add the new action to SPEC"
    assert sorted(set(SPEC) - have) == [], "SPEC names an action the policy no longer has"


def test_rules_are_as_specified() -> None:
    for policy, rule in rules():
        roles, relation, states = SPEC[(policy.kind.object_type, rule.action)]
        assert {r.value for r in rule.roles} == roles, rule.action
        assert rule.relation_name == relation, rule.action
        assert rule.states == states, rule.action


@pytest.mark.parametrize(
    ("workflow", "object_type"),
    [
        (DEMAND_WORKFLOW, "demand"),
        (MATCH_WORKFLOW, "match"),
        (APPLICATION_WORKFLOW, "application"),
        (SCENARIO_WORKFLOW, "scenario"),
    ],
)
def test_every_transition_a_person_takes_has_a_rule(workflow: Any, object_type: str) -> None:
    policy = next(p for p in POLICIES if p.kind.object_type == object_type)
    for t in workflow.actions():
        if not t.roles:  # taken by the system (e.g. a demand expires)
            continue
        assert t.action in policy.rules, f"{object_type}.{t.action} has no rule"
        assert policy.rules[t.action].roles == t.roles
        assert policy.rules[t.action].states == t.sources


def principal(role: str, relation: str, holds: bool) -> Principal:
    """A person in `role` for whom `relation` to the object holds or not."""
    org, region, admin = OTHER_ORG, OUT_OF_REGION, False
    if holds:
        region = IN_REGION
        if relation in ("owner", "member_or_official_of_region", "owner_or_official_of_region"):
            org = OWN_ORG
        elif relation in ("member_or_province_official", "owner_or_province_official"):
            org, region = OWN_ORG, None  # type: ignore[assignment]
        elif relation in ("party", "party_or_official_of_region"):
            org = PROVIDER_ORG if role == "provider" else OWN_ORG
        elif relation.startswith("organization_admin"):
            org, admin = OWN_ORG, True
    elif relation == "logged_in":
        return Principal(user_id=None, roles=frozenset({role}), organization_id=None, region=None)
    elif relation == "other_organization":
        org = OWN_ORG
    elif relation.startswith("organization_admin"):
        org = OWN_ORG  # a member, but not its administrator
    return Principal(
        user_id=ME,
        roles=frozenset({role}),
        organization_id=org,
        region=region,
        is_org_admin=admin,
        membership="active",
    )


def demand(state: str = "published") -> Demand:
    published = NOW if state in ("published", "closed", "expired") else None
    return Demand(
        id=1,
        organization_id=OWN_ORG,
        region=OBJECT_REGION,
        status=state,
        deadline=None,
        published_at=published,
        deleted_at=None,
    )


def target(object_type: str, state: str, relation: str, holds: bool) -> Any:
    """A real model object of `object_type` in `state` whose other preconditions all hold."""
    if object_type == "demand":
        return demand(state)
    if object_type == "solution":
        return Solution(
            id=1, organization_id=OWN_ORG, deleted_at=NOW if state == "deleted" else None
        )
    if object_type == "proposal":
        proposal = Proposal(id=1, demand_id=1, organization_id=OWN_ORG)
        return ProposalView(proposal, demand(), match_status=state)
    match = Match(id=1, demand_id=1, provider_org_id=PROVIDER_ORG, status="engaged")
    if object_type == "match":
        match.status = state
        return MatchView(match, demand())
    if object_type == "application":
        assigned = {ME: "assigned"} if relation == "assigned_expert" and holds else {}
        return ApplicationView(
            application=Application(id=1, status=state),
            match=match,
            demand=demand(),
            now=NOW,
            min_experts=3,
            assignments=assigned,
            score_count=3,
            notice_ends_at=NOW - timedelta(days=1),
            blocking_objections=0,
        )
    if object_type == "notice":
        ends = NOW + timedelta(days=1) if state == "open" else NOW - timedelta(days=1)
        return NoticeView(Notice(id=1, ends_at=ends), NOW)
    if object_type == "objection":
        return ObjectionView(Objection(id=1, status=state), OBJECT_REGION)
    if object_type == "scenario":
        return Scenario(
            id=1,
            stage=state,
            region=OBJECT_REGION,
            publisher_org_id=OWN_ORG,
            provider_org_id=PROVIDER_ORG,
        )
    if object_type == "demand_list":
        return DemandList(id=1, status=state, region=IN_REGION)
    org = Organization(id=OWN_ORG, name="常州星源储能科技有限公司", region=OBJECT_REGION)
    if object_type == "organization":
        return org
    member = User(id=8, organization_id=OWN_ORG, membership=state, is_org_admin=False)
    return MemberView(member, org, admin_count=1)


def expected(role: str, relation: str, holds: bool, state: str, key: tuple[str, str]) -> bool:
    roles, _, states = SPEC[key]
    states = EFFECTIVE_STATES.get(key, states)
    role_ok = not roles or role in roles or (role == "admin" and "official" in roles)
    if relation in OFFICIALS_ONLY and role not in ("official", "admin"):
        holds = False
    relation_ok = (
        holds
        or (role == "admin" and relation in REGIONAL)
        or state in PUBLIC_IN.get(key, frozenset())
    )
    return role_ok and relation_ok and (states is None or state in states)


def test_every_rule_decides_as_specified_for_every_role_relation_and_state() -> None:
    wrong = []
    for policy, rule in rules():
        key = (policy.kind.object_type, rule.action)
        for role in ROLES:
            for holds in (True, False):
                for state in STATES[key[0]]:
                    who = principal(role, rule.relation_name, holds)
                    obj = target(key[0], state, rule.relation_name, holds)
                    want = expected(role, rule.relation_name, holds, state, key)
                    got = policy.allows(who, rule.action, obj)
                    if got != want:
                        wrong.append(f"{key} {role} holds={holds} {state}: {got}")
    assert wrong == []


def test_a_pending_member_acts_for_no_organization() -> None:
    pending = Principal(
        user_id=ME,
        roles=frozenset({"publisher"}),
        organization_id=None,  # what principal_of gives for a pending membership
        region=None,
        membership="pending",
    )
    for state in ("draft", "returned"):
        assert not DEMAND_POLICY.can_view(pending, demand(state))
        assert DEMAND_POLICY.next_actions(pending, demand(state)) == []
