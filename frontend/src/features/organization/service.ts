import { api, call } from "../../api/client";
import type { OrganizationUpdate } from "../../api/types";

const org = (id: number) => ({ path: { organization_id: id } });
const member = (orgId: number, userId: number) => ({ path: { organization_id: orgId, member_id: userId } });

export const getOrganization = (id: number) =>
  call(api.GET("/api/v1/organizations/{organization_id}", { params: org(id) }));

export const updateOrganization = (id: number, body: OrganizationUpdate) =>
  call(api.PATCH("/api/v1/organizations/{organization_id}", { params: org(id), body }));

export const listMembers = (id: number) =>
  call(api.GET("/api/v1/organizations/{organization_id}/members", { params: org(id) }));

export const approveMember = (orgId: number, userId: number) =>
  call(api.POST("/api/v1/organizations/{organization_id}/members/{member_id}/approve", { params: member(orgId, userId) }));

export const removeMember = (orgId: number, userId: number) =>
  call(api.DELETE("/api/v1/organizations/{organization_id}/members/{member_id}", { params: member(orgId, userId) }));

/** An organization's public profile (机构主页): its solutions the reader may see, its published demands, its scenarios. */
export const getOrganizationProfile = (id: number) =>
  call(api.GET("/api/v1/public/organizations/{organization_id}", { params: org(id) }));
