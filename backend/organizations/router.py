from __future__ import annotations

from fastapi import APIRouter, Response

from backend.api.deps import CurrentUser, SessionDep
from backend.api.params import IdPath
from backend.organizations import service
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
