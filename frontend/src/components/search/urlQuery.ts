/** Query-string ⇄ search parameters, so a search is a link that can be shared and reloaded. */

type Value = string | number | undefined | null;

/** The URL parameters of a search: empty values, the first page and the page size are left out. */
export function paramsFromQuery(query: object): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query) as [string, Value][]) {
    if (v === undefined || v === null || v === "" || k === "page_size") continue;
    if (k === "page" && v === 1) continue;
    params.set(k, String(v));
  }
  return params;
}

/** Typed readers of one search's URL parameters. */
export function paramReader(params: URLSearchParams) {
  return {
    str: (name: string) => params.get(name) || undefined,
    num: (name: string) => {
      const raw = params.get(name);
      const n = raw === null || raw === "" ? NaN : Number(raw);
      return Number.isFinite(n) ? n : undefined;
    },
    oneOf: <T extends string>(name: string, values: readonly T[]) => values.find((v) => v === params.get(name)),
  };
}
