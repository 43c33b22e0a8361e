"""Organizations and their members: registration joins as pending, the administrator approves."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth.models import User
from backend.common.transitions import check_version
from backend.errors import invalid_field
from backend.notifications import events
from backend.organizations import repository
from backend.organizations.models import Organization
from backend.organizations.schemas import (
    MemberRead,
    OrganizationIn,
    OrganizationRead,
    OrganizationUpdate,
)
from backend.policy import principal_of
from backend.policy.organizations import MEMBER_POLICY, ORGANIZATION_POLICY, MemberView


def get_visible(session: Session, *, organization_id: int, user: User) -> Organization:
    return ORGANIZATION_POLICY.require_visible(
        principal_of(user), repository.get(session, organization_id)
    )


def to_read(org: Organization, *, user: User) -> OrganizationRead:
    read = OrganizationRead.model_validate(org)
    read.next_actions = ORGANIZATION_POLICY.next_actions(principal_of(user), org)
    return read


def join_or_found(session: Session, *, data: OrganizationIn) -> tuple[Organization, bool]:
    """The organization a registrant names, and whether they found it (and so administer it).

    A credit code or a name already on the platform is never taken over: the registrant asks to
    join and waits. Public identifiers open nothing.
    """
    by_code = repository.by_uscc(session, data.uscc)
    if by_code is not None:
        return by_code, False
    same_name = repository.by_name(session, data.name)
    if same_name is not None:
        if same_name.uscc is not None:
            raise invalid_field(
                "organization.uscc",
                "该机构名称已登记了另一个统一社会信用代码",
                "This organization name is registered with another credit code",
            )
        return same_name, False
    org = Organization(name=data.name, uscc=data.uscc, kind=data.kind.value, region=data.region)
    session.add(org)
    session.flush()
    return org, True


def update(
    session: Session, *, organization_id: int, user: User, data: OrganizationUpdate
) -> Organization:
    org = get_visible(session, organization_id=organization_id, user=user)
    ORGANIZATION_POLICY.require(principal_of(user), "edit", org)
    check_version(org.version, data.version)
    changes = data.model_dump(exclude_unset=True, exclude={"version"}, mode="python")
    for key, value in changes.items():
        setattr(org, key, value)
    session.flush()
    record(
        session,
        object_type="organization",
        object_id=org.id,
        action="update",
        actor_id=user.id,
        details={"fields": sorted(changes)},
    )
    return org


def _view(session: Session, org: Organization, member: User) -> MemberView:
    return MemberView(member, org, repository.admin_count(session, org.id))


def _member_read(session: Session, org: Organization, member: User, *, user: User) -> MemberRead:
    read = MemberRead.model_validate(member)
    read.user_id = member.id
    read.next_actions = MEMBER_POLICY.next_actions(principal_of(user), _view(session, org, member))
    return read


def members(session: Session, *, organization_id: int, user: User) -> list[MemberRead]:
    org = get_visible(session, organization_id=organization_id, user=user)
    ORGANIZATION_POLICY.require(principal_of(user), "manage_members", org)
    return [_member_read(session, org, m, user=user) for m in repository.members(session, org.id)]


def _member_for(
    session: Session, *, organization_id: int, member_id: int, user: User, action: str
) -> MemberView:
    org = get_visible(session, organization_id=organization_id, user=user)
    member = repository.member(session, organization_id=org.id, user_id=member_id)
    view = MEMBER_POLICY.require_visible(
        principal_of(user), _view(session, org, member) if member else None
    )
    MEMBER_POLICY.require(principal_of(user), action, view)
    return view


def approve(session: Session, *, organization_id: int, member_id: int, user: User) -> MemberRead:
    view = _member_for(
        session, organization_id=organization_id, member_id=member_id, user=user, action="approve"
    )
    member = view.member
    # an organization that came in by import or by an official has nobody to run it yet
    _change(
        session, view, to="active", admin=view.admin_count == 0, action="approve_member", user=user
    )
    events.membership_approved(session, member=member, organization=view.organization, actor=user)
    return _member_read(session, view.organization, member, user=user)


def remove(session: Session, *, organization_id: int, member_id: int, user: User) -> None:
    view = _member_for(
        session, organization_id=organization_id, member_id=member_id, user=user, action="remove"
    )
    _change(session, view, to="removed", admin=False, action="remove_member", user=user)


def _change(
    session: Session, view: MemberView, *, to: str, admin: bool, action: str, user: User
) -> None:
    """A membership moves; the organization's history says who moved it."""
    member = view.member
    before = member.membership
    member.membership = to
    member.is_org_admin = admin
    session.flush()
    record(
        session,
        object_type="organization",
        object_id=view.organization.id,
        action=action,
        actor_id=user.id,
        from_state=before,
        to_state=to,
        details={"user_id": member.id, "admin": admin},
    )
