from __future__ import annotations

from fastapi import APIRouter, Request, Response

from backend.api.deps import CurrentUser, OptionalUser, SessionDep
from backend.api.params import IdPath
from backend.api.public_cache import cache_of
from backend.freshness.versions import SOLUTIONS
from backend.organizations import service
from backend.organizations.profile import OrganizationProfile, profile
from backend.organizations.schemas import MemberRead, OrganizationRead, OrganizationUpdate

router = APIRouter(tags=["organizations"])


@router.get(
    "/organizations/{organization_id}",
    response_model=OrganizationRead,
    operation_id="getOrganization",
)
def get_organization(
    organization_id: IdPath, session: SessionDep, user: CurrentUser
) -> OrganizationRead:
    """Its members and officials see it (a public profile comes with the discovery pages)."""
    org = service.get_visible(session, organization_id=organization_id, user=user)
    return service.to_read(org, user=user)


@router.patch(
    "/organizations/{organization_id}",
    response_model=OrganizationRead,
    operation_id="updateOrganization",
)
def update_organization(
    organization_id: IdPath, data: OrganizationUpdate, session: SessionDep, user: CurrentUser
) -> OrganizationRead:
    org = service.update(session, organization_id=organization_id, user=user, data=data)
    return service.to_read(org, user=user)


@router.get(
    "/organizations/{organization_id}/members",
    response_model=list[MemberRead],
    operation_id="listMembers",
)
def list_members(
    organization_id: IdPath, session: SessionDep, user: CurrentUser
) -> list[MemberRead]:
    """Pending members first. The organization's administrator and its region's officials."""
    return service.members(session, organization_id=organization_id, user=user)


@router.post(
    "/organizations/{organization_id}/members/{member_id}/approve",
    response_model=MemberRead,
    operation_id="approveMember",
)
def approve_member(
    organization_id: IdPath, member_id: IdPath, session: SessionDep, user: CurrentUser
) -> MemberRead:
    return service.approve(session, organization_id=organization_id, member_id=member_id, user=user)


@router.delete(
    "/organizations/{organization_id}/members/{member_id}",
    status_code=204,
    response_class=Response,
    operation_id="removeMember",
)
def remove_member(
    organization_id: IdPath, member_id: IdPath, session: SessionDep, user: CurrentUser
) -> Response:
    service.remove(session, organization_id=organization_id, member_id=member_id, user=user)
    return Response(status_code=204)


public_router = APIRouter(tags=["public"])


@public_router.get(
    "/public/organizations/{organization_id}",
    response_model=OrganizationProfile,
    operation_id="getOrganizationProfile",
)
def get_organization_profile(
    request: Request, organization_id: IdPath, session: SessionDep, user: OptionalUser
) -> Response:
    """An organization's profile: its public solutions, published demands and scenarios."""

    def build() -> OrganizationProfile:
        return profile(session, organization_id=organization_id, user=user)

    return cache_of(request).serve(
        request, session, topics=[SOLUTIONS], build=build, per_caller=True
    )
