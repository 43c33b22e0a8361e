"""Who is asking: the facts about a user that every access rule is decided on."""

from __future__ import annotations

from dataclasses import dataclass

from backend.auth.models import User
from backend.common.taxonomy import city_of
from backend.common.workflow import Role, holds_any


@dataclass(frozen=True)
class Principal:
    """A user as the policy sees them. `organization_id` is set only for an *active* member:
    a pending or removed member acts for no organization, whatever the users row says."""

    user_id: int | None
    roles: frozenset[str]
    organization_id: int | None
    region: str | None
    is_org_admin: bool = False
    membership: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    def holds(self, roles: frozenset[Role]) -> bool:
        """An admin may do whatever an official may do."""
        return holds_any(self.roles, roles)

    @property
    def is_official(self) -> bool:
        return self.holds(frozenset({Role.OFFICIAL}))

    @property
    def is_province_wide(self) -> bool:
        return self.is_official and (Role.ADMIN.value in self.roles or self.region is None)

    def covers(self, region: str | None) -> bool:
        """An official whose scope includes `region` (a city covers its zones and parks)."""
        if not self.is_official:
            return False
        if self.is_province_wide:
            return True
        return region is not None and city_of(region) == city_of(self.region)

    def member_of(self, organization_id: int | None) -> bool:
        return organization_id is not None and self.organization_id == organization_id

    def acts_for(self, role: Role, organization_id: int | None) -> bool:
        """Holds `role` and is an active member of `organization_id`."""
        return role.value in self.roles and self.member_of(organization_id)


ANONYMOUS = Principal(user_id=None, roles=frozenset(), organization_id=None, region=None)


def principal_of(user: User | None) -> Principal:
    if user is None:
        return ANONYMOUS
    active = user.membership == "active"
    return Principal(
        user_id=user.id,
        roles=frozenset(user.roles),
        organization_id=user.organization_id if active else None,
        region=user.region,
        is_org_admin=active and user.is_org_admin,
        membership=user.membership,
    )
