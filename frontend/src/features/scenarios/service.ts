import { api, call } from "../../api/client";

export const publicScenarios = (stage?: string) =>
  call(api.GET("/api/v1/public/scenarios", { params: { query: stage ? { stage } : {} } }));

export const publicScenario = (id: number) =>
  call(api.GET("/api/v1/public/scenarios/{scenario_id}", { params: { path: { scenario_id: id } } }));

export const advanceScenario = (id: number, body: { to: "demonstration" | "replicable"; outcomes?: string | null; adopters: string[]; version?: number | null }) =>
  call(api.POST("/api/v1/scenarios/{scenario_id}/advance", { params: { path: { scenario_id: id } }, body }));
