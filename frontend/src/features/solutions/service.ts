import { api, call } from "../../api/client";
import { paramReader } from "../../components/search/urlQuery";

export { paramsFromQuery } from "../../components/search/urlQuery";

export const SORTS = ["relevance", "newest", "trl", "price"] as const;
export type SolutionSort = (typeof SORTS)[number];

export interface SolutionQuery {
  q?: string;
  sort?: SolutionSort;
  field?: string;
  industry?: string;
  region?: string;
  trl_min?: number;
  price_max?: number;
  page?: number;
  page_size?: number;
}

/** The catalogue (技术供给清单): public solutions, and for logged-in users the members-only too. */
export const searchSolutions = (query: SolutionQuery) =>
  call(api.GET("/api/v1/public/solutions", { params: { query } }));

export const getPublicSolution = (id: number) =>
  call(api.GET("/api/v1/public/solutions/{solution_id}", { params: { path: { solution_id: id } } }));

/** The search as its URL states it (see `paramsFromQuery` for the way back). */
export function queryFromParams(params: URLSearchParams): SolutionQuery {
  const { str, num, oneOf } = paramReader(params);
  return {
    q: str("q"),
    sort: oneOf("sort", SORTS),
    field: str("field"),
    industry: str("industry"),
    region: str("region"),
    trl_min: num("trl_min"),
    price_max: num("price_max"),
    page: num("page") ?? 1,
    page_size: 10,
  };
}
