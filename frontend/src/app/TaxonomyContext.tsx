import { createContext, useCallback, useContext, type ReactNode } from "react";
import { api, call } from "../api/client";
import type { Taxonomy } from "../api/types";
import { useAsync } from "../components/useAsync";
import { useI18n } from "../locales";

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

export type Term = (value: string | null | undefined) => string;

/**
 * A vocabulary value (stored and sent as its Chinese code) in the reader's language: the
 * taxonomy's English name in English, else the value itself (free text a user typed stays as typed).
 */
export function useTerm(): Term {
  const { english } = useTaxonomy();
  const { lang } = useI18n();
  return useCallback(
    (value: string | null | undefined) => {
      if (value === null || value === undefined || value === "") return "—";
      return lang === "en-US" ? (english[value] ?? value) : value;
    },
    [english, lang],
  );
}

/** Select options for vocabulary values: the Chinese code as value, the reader's name as label. */
export function useTermOptions(): (values: readonly string[]) => { value: string; label: string }[] {
  const term = useTerm();
  return useCallback((values: readonly string[]) => values.map((v) => ({ value: v, label: term(v) })), [term]);
}

export function options(values: readonly string[]): { value: string; label: string }[] {
  return values.map((v) => ({ value: v, label: v }));
}
