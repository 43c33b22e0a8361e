import { useTaxonomy } from "../../../app/TaxonomyContext";
import type { FacetCount } from "../../../api/types";
import { FacetFilters } from "../../../components/search/FacetFilters";
import { useI18n } from "../../../locales";
import type { DemandQuery } from "../service";

interface Props {
  query: DemandQuery;
  facets: Record<string, FacetCount[]>;
  onChange: (patch: Partial<DemandQuery>) => void;
  onReset: () => void;
}

/** The demand search's filters with the number of matching demands next to each value. */
export function Facets({ query, facets, onChange, onReset }: Props) {
  const { t } = useI18n();
  const taxonomy = useTaxonomy();
  return (
    <FacetFilters
      selects={[
        { name: "field", label: t("demand.field"), vocabulary: taxonomy.fields },
        { name: "industry", label: t("demand.industry"), vocabulary: taxonomy.industries },
        { name: "region", label: t("demand.region"), vocabulary: taxonomy.regions },
        { name: "scenario_tier", label: t("demand.scenario_tier"), vocabulary: taxonomy.scenario_tiers },
      ]}
      numbers={[
        { name: "trl_max", label: t("demand.trl_max"), min: 1, max: 9 },
        { name: "budget_min", label: t("demand.budget_min"), min: 0 },
      ]}
      values={query}
      facets={facets}
      onChange={onChange}
      onReset={onReset}
    />
  );
}
