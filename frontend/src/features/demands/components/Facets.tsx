import { Button, Card, Form, InputNumber, Select } from "antd";
import type { FacetCount } from "../../../api/types";
import { useTaxonomy } from "../../../app/TaxonomyContext";
import { useI18n, type MessageKey } from "../../../locales";
import type { DemandQuery } from "../service";

type FacetName = "field" | "industry" | "region" | "scenario_tier";
const FACETS: { name: FacetName; label: MessageKey }[] = [
  { name: "field", label: "demand.field" },
  { name: "industry", label: "demand.industry" },
  { name: "region", label: "demand.region" },
  { name: "scenario_tier", label: "demand.scenario_tier" },
];

interface Props {
  query: DemandQuery;
  facets: Record<string, FacetCount[]>;
  onChange: (patch: Partial<DemandQuery>) => void;
  onReset: () => void;
}

/** Filters with the number of matching demands next to each value. */
export function Facets({ query, facets, onChange, onReset }: Props) {
  const { t } = useI18n();
  const taxonomy = useTaxonomy();
  const vocab: Record<FacetName, string[]> = {
    field: taxonomy.fields,
    industry: taxonomy.industries,
    region: taxonomy.regions,
    scenario_tier: taxonomy.scenario_tiers,
  };
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t("demand.facets")}</h2>}>
      <Form layout="vertical">
        {FACETS.map(({ name, label }) => {
          const counts = facets[name] ?? [];
          const countOf = new Map(counts.map((c) => [c.value, c.count]));
          const values = counts.length ? counts.map((c) => c.value) : vocab[name];
          const id = `facet-${name}`;
          return (
            <Form.Item key={name} label={t(label)} htmlFor={id} style={{ marginBottom: 12 }}>
              <Select
                id={id}
                allowClear
                showSearch
                placeholder={t("common.unlimited")}
                value={query[name]}
                onChange={(v: string | undefined) => onChange({ [name]: v, page: 1 })}
                options={values.map((v) => ({
                  value: v,
                  label: countOf.has(v) ? `${v}（${countOf.get(v)}）` : v,
                }))}
              />
            </Form.Item>
          );
        })}
        <Form.Item label={t("demand.trl_max")} htmlFor="facet-trl" style={{ marginBottom: 12 }}>
          <InputNumber
            id="facet-trl"
            min={1}
            max={9}
            style={{ width: "100%" }}
            value={query.trl_max}
            placeholder={t("common.unlimited")}
            onChange={(v) => onChange({ trl_max: v ?? undefined, page: 1 })}
          />
        </Form.Item>
        <Form.Item label={t("demand.budget_min")} htmlFor="facet-budget" style={{ marginBottom: 12 }}>
          <InputNumber
            id="facet-budget"
            min={0}
            style={{ width: "100%" }}
            value={query.budget_min}
            placeholder={t("common.unlimited")}
            onChange={(v) => onChange({ budget_min: v ?? undefined, page: 1 })}
          />
        </Form.Item>
        <Button onClick={onReset} block>
          {t("common.reset")}
        </Button>
      </Form>
    </Card>
  );
}
