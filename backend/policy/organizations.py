"""机构 and its members.

The first registrant of a credit code administers the organization. Later registrants wait as
pending members: they act for no organization until its administrator, or an official of its
region, approves them. Only the administrator changes the organization's details.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.auth.models import User
from backend.common.workflow import Role
from backend.errors import AppError, conflict, forbidden
from backend.organizations.models import Organization
from backend.policy.engine import Kind, Policy, Precondition, Rule
from backend.policy.principal import Principal

MARKET_ROLES = frozenset({Role.PUBLISHER, Role.PROVIDER})
EVERY_ROLE = frozenset(Role)


def administers(p: Principal, org: Organization) -> bool:
    return p.is_org_admin and p.member_of(org.id)


def _manages(p: Principal, org: Organization) -> bool:
    return administers(p, org) or p.covers(org.region)


def _visible(p: Principal, org: Organization) -> bool:
    return p.member_of(org.id) or p.is_official


ORGANIZATION_POLICY: Policy[Organization] = Policy(
    Kind("organization", "机构", "Organization"),
    state_of=lambda _o: "active",
    visible=_visible,
)
ORGANIZATION_POLICY.add(
    Rule(
        "edit",
        MARKET_ROLES,
        administers,
        "organization_admin",
        outside_zh="只有机构管理员可以修改机构信息",
        outside_en="Only the organization's administrator may change it",
    )
)
ORGANIZATION_POLICY.add(
    Rule(
        "manage_members",
        EVERY_ROLE,
        _manages,
        "organization_admin_or_official_of_region",
        outside_zh="只有机构管理员或主管部门可以管理成员",
        outside_en="Only the organization's administrator or an official may manage members",
    )
)


@dataclass(frozen=True)
class MemberView:
    member: User
    organization: Organization
    admin_count: int


def _member_state(v: MemberView) -> str:
    return v.member.membership


def _manages_member(p: Principal, v: MemberView) -> bool:
    return _manages(p, v.organization)


def _not_last_admin(_: Principal, v: MemberView) -> bool:
    return not (v.member.is_org_admin and v.member.membership == "active" and v.admin_count <= 1)


def _last_admin(v: MemberView) -> AppError:
    return conflict(
        "organization.last_admin",
        "不能移除机构唯一的管理员",
        "The organization's only administrator cannot be removed",
        current_state=v.member.membership,
    )


MEMBER_POLICY: Policy[MemberView] = Policy(
    Kind("member", "机构成员", "Member"),
    state_of=_member_state,
    visible=lambda p, v: v.member.id == p.user_id or _manages(p, v.organization),
)
MEMBER_POLICY.add(
    Rule(
        "approve",
        EVERY_ROLE,
        _manages_member,
        "organization_admin_or_official_of_region",
        frozenset({"pending"}),
    )
)
MEMBER_POLICY.add(
    Rule(
        "remove",
        EVERY_ROLE,
        _manages_member,
        "organization_admin_or_official_of_region",
        frozenset({"pending", "active"}),
        (Precondition("not_last_admin", _not_last_admin, _last_admin),),
    )
)


def membership_pending() -> AppError:
    return AppError(
        "organization.membership_pending",
        "您的机构成员资格尚待审核，审核通过后才能操作本机构的内容",
        "Your membership of the organization is pending approval",
        403,
    )


def require_active_member(p: Principal, role: Role) -> None:
    """Creating a demand or a solution: the role, acting for an organization."""
    if not p.holds(frozenset({role})):
        raise forbidden()
    if p.organization_id is None:
        raise membership_pending()


def profile_visible(p: Principal, *, shows_public_work: bool) -> bool:
    """An organization's profile page: for logged-in users, and for everyone once it has
    something public (a published demand, a public solution, a scenario). A credit code or an
    id alone opens nothing."""
    return shows_public_work or not p.is_anonymous
