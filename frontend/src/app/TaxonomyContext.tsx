import { createContext, useContext, type ReactNode } from "react";
import { api, call } from "../api/client";
import type { Taxonomy } from "../api/types";
import { useAsync } from "../components/useAsync";

const EMPTY: Taxonomy = { fields: [], industries: [], regions: [], cities: [], scenario_tiers: [], cooperation_modes: [], english: {} };
// exported for tests, which provide a fixed vocabulary
export const TaxonomyContext = createContext<Taxonomy>(EMPTY);

/** The controlled vocabularies (fields, industries, regions…) every form and filter uses. */
export function TaxonomyProvider({ children }: { children: ReactNode }) {
  const { data } = useAsync(() => call(api.GET("/api/v1/taxonomy")), "taxonomy");
  return <TaxonomyContext.Provider value={data ?? EMPTY}>{children}</TaxonomyContext.Provider>;
}

export function useTaxonomy(): Taxonomy {
  return useContext(TaxonomyContext);
}

export function options(values: readonly string[]): { value: string; label: string }[] {
  return values.map((v) => ({ value: v, label: v }));
}
