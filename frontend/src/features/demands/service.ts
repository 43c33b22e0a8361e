import { api, call } from "../../api/client";
import type { ProposalCreate } from "../../api/types";

export const SORTS = ["relevance", "newest", "deadline", "budget"] as const;
export type DemandSort = (typeof SORTS)[number];

export interface DemandQuery {
  q?: string;
  sort?: DemandSort;
  field?: string;
  industry?: string;
  region?: string;
  scenario_tier?: string;
  trl_max?: number;
  budget_min?: number;
  page?: number;
  page_size?: number;
}

export const searchDemands = (query: DemandQuery) =>
  call(api.GET("/api/v1/public/demands", { params: { query } }));

export const getPublicDemand = (id: number) =>
  call(api.GET("/api/v1/public/demands/{demand_id}", { params: { path: { demand_id: id } } }));

export const mySolutions = () =>
  call(api.GET("/api/v1/solutions", { params: { query: { mine: true, page_size: 100 } } }));

export const createProposal = (demandId: number, body: ProposalCreate) =>
  call(api.POST("/api/v1/demands/{demand_id}/proposals", { params: { path: { demand_id: demandId } }, body }));

/** Query-string ⇄ search parameters, so a search is a link that can be shared and reloaded. */
export function queryFromParams(params: URLSearchParams): DemandQuery {
  const num = (name: string) => {
    const raw = params.get(name);
    const n = raw === null || raw === "" ? NaN : Number(raw);
    return Number.isFinite(n) ? n : undefined;
  };
  const str = (name: string) => params.get(name) || undefined;
  const sort = SORTS.find((s) => s === params.get("sort"));
  return {
    q: str("q"),
    sort,
    field: str("field"),
    industry: str("industry"),
    region: str("region"),
    scenario_tier: str("scenario_tier"),
    trl_max: num("trl_max"),
    budget_min: num("budget_min"),
    page: num("page") ?? 1,
    page_size: 10,
  };
}

export function paramsFromQuery(query: DemandQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "" || k === "page_size") continue;
    if (k === "page" && v === 1) continue;
    params.set(k, String(v));
  }
  return params;
}
