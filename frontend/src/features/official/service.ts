import { api, call, download } from "../../api/client";

export const submittedDemands = () =>
  call(api.GET("/api/v1/demands", { params: { query: { status: ["submitted"], page_size: 100 } } }));

export const publishedDemands = () =>
  call(api.GET("/api/v1/public/demands", { params: { query: { page_size: 100 } } }));

export const allLists = () => call(api.GET("/api/v1/demand-lists"));

export const createList = (title: string, demandIds: number[]) =>
  call(api.POST("/api/v1/demand-lists", { body: { title, demand_ids: demandIds } }));

export const publishList = (id: number) =>
  call(api.POST("/api/v1/demand-lists/{list_id}/publish", { params: { path: { list_id: id } } }));

export const dashboard = () => call(api.GET("/api/v1/dashboard"));

export const exportDashboard = () => download("/api/v1/dashboard/export", "scenariohub-dashboard.xlsx");
