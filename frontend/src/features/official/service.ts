import { api, call, download } from "../../api/client";
import type { operations } from "../../api/generated/schema";
import type { DocumentBody } from "../../api/types";

export const submittedDemands = () =>
  call(api.GET("/api/v1/demands", { params: { query: { status: ["submitted"], page_size: 100 } } }));

export const publishedDemands = () =>
  call(api.GET("/api/v1/public/demands", { params: { query: { page_size: 100 } } }));

export const allLists = () => call(api.GET("/api/v1/demand-lists"));

export const createList = (title: string, demandIds: number[]) =>
  call(api.POST("/api/v1/demand-lists", { body: { title, demand_ids: demandIds } }));

export const publishList = (id: number, document: DocumentBody = {}) =>
  call(api.POST("/api/v1/demand-lists/{list_id}/publish", { params: { path: { list_id: id } }, body: document }));

/** 本市 (a region official's default) or 全省; undefined lets the server choose by the user. */
export type DashboardScope = NonNullable<NonNullable<operations["getDashboard"]["parameters"]["query"]>["scope"]>;

export const dashboard = (scope?: DashboardScope) =>
  call(api.GET("/api/v1/dashboard", { params: { query: scope ? { scope } : {} } }));

export const exportDashboard = (scope?: DashboardScope) =>
  download(`/api/v1/dashboard/export${scope ? `?scope=${scope}` : ""}`, "scenariohub-dashboard.xlsx");
