"""解决方案: everyone reads a public one (the 技术供给清单), logged-in users every other; its
organization's providers change it."""

from __future__ import annotations

from backend.common.workflow import Role
from backend.policy.engine import Kind, Policy, Rule
from backend.policy.principal import Principal
from backend.solutions.models import Solution


def owns(p: Principal, s: Solution) -> bool:
    return p.acts_for(Role.PROVIDER, s.organization_id)


def is_public(s: Solution) -> bool:
    return s.deleted_at is None and s.visibility == "public"


def readable(p: Principal, s: Solution) -> bool:
    return s.deleted_at is None and (s.visibility == "public" or not p.is_anonymous)


def catalogue_scope(p: Principal) -> frozenset[str]:
    """The visibilities of the solutions `p` finds in the catalogue (the same rule as `readable`,
    as a filter for the database)."""
    return frozenset({"public"}) if p.is_anonymous else frozenset({"public", "members"})


SOLUTION_POLICY: Policy[Solution] = Policy(
    Kind("solution", "解决方案", "Solution"),
    state_of=lambda s: "deleted" if s.deleted_at is not None else "active",
    visible=readable,
)
PROVIDER = frozenset({Role.PROVIDER})
OUTSIDE_ZH, OUTSIDE_EN = "只能修改本机构的解决方案", "Only your organization's solutions"
SOLUTION_POLICY.add(
    Rule("edit", PROVIDER, owns, "owner", frozenset({"active"}), (), OUTSIDE_ZH, OUTSIDE_EN)
)
SOLUTION_POLICY.add(
    Rule("delete", PROVIDER, owns, "owner", frozenset({"active"}), (), OUTSIDE_ZH, OUTSIDE_EN)
)
SOLUTION_POLICY.add(
    Rule(
        "edit_attachments",
        PROVIDER,
        owns,
        "owner",
        frozenset({"active"}),
        (),
        OUTSIDE_ZH,
        OUTSIDE_EN,
    )
)
SOLUTION_POLICY.add(
    Rule(
        "read_history",
        frozenset(Role),
        lambda p, s: p.member_of(s.organization_id) or p.is_province_wide,
        "member_or_province_official",
        shown=False,
    )
)
SOLUTION_POLICY.add(
    Rule(
        "read_candidates",
        frozenset({Role.PROVIDER, Role.OFFICIAL}),
        lambda p, s: owns(p, s) or p.is_province_wide,
        "owner_or_province_official",
        shown=False,
    )
)
