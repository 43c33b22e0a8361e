import { api, call } from "../../api/client";
import type { ProposalCreate } from "../../api/types";
import { paramReader } from "../../components/search/urlQuery";

export { paramsFromQuery } from "../../components/search/urlQuery";

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

/** The search as its URL states it (see `paramsFromQuery` for the way back). */
export function queryFromParams(params: URLSearchParams): DemandQuery {
  const { str, num, oneOf } = paramReader(params);
  return {
    q: str("q"),
    sort: oneOf("sort", SORTS),
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
