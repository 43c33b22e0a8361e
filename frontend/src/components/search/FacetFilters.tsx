import { Button, Card, Form, InputNumber, Select } from "antd";
import type { FacetCount } from "../../api/types";
import { useI18n } from "../../locales";
import { useTerm } from "../../app/TaxonomyContext";

export interface FacetSelect<K extends string> {
  name: K;
  label: string;
  /** The values offered while the server has no counts (before the first answer). */
  vocabulary: readonly string[];
}

export interface FacetNumber<K extends string> {
  name: K;
  label: string;
  min?: number;
  max?: number;
}

interface Props<S extends string, N extends string> {
  selects: FacetSelect<S>[];
  numbers: FacetNumber<N>[];
  values: Partial<Record<S, string>> & Partial<Record<N, number>>;
  facets: Record<string, FacetCount[]>;
  onChange: (patch: Partial<Record<S, string | undefined>> & Partial<Record<N, number | undefined>> & { page: number }) => void;
  onReset: () => void;
}

/** Filters of a search with the number of matching results next to each value. */
export function FacetFilters<S extends string, N extends string>({ selects, numbers, values, facets, onChange, onReset }: Props<S, N>) {
  const { t, lang } = useI18n();
  const term = useTerm();
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t("demand.facets")}</h2>}>
      <Form layout="vertical">
        {selects.map(({ name, label, vocabulary }) => {
          const counts = facets[name] ?? [];
          const countOf = new Map(counts.map((c) => [c.value, c.count]));
          const choices = counts.length ? counts.map((c) => c.value) : vocabulary;
          const id = `facet-${name}`;
          return (
            <Form.Item key={name} label={label} htmlFor={id} style={{ marginBottom: 12 }}>
              <Select
                id={id}
                allowClear
                showSearch
                placeholder={t("common.unlimited")}
                value={values[name] as string | undefined}
                onChange={(v: string | undefined) => onChange({ [name]: v, page: 1 } as Parameters<typeof onChange>[0])}
                optionFilterProp="label"
                options={choices.map((v) => ({ value: v, label: countOf.has(v) ? lang === "en-US" ? `${term(v)} (${countOf.get(v)})` : `${term(v)}（${countOf.get(v)}）` : term(v) }))}
              />
            </Form.Item>
          );
        })}
        {numbers.map(({ name, label, min, max }) => {
          const id = `facet-${name}`;
          return (
            <Form.Item key={name} label={label} htmlFor={id} style={{ marginBottom: 12 }}>
              <InputNumber
                id={id}
                min={min}
                max={max}
                style={{ width: "100%" }}
                value={values[name] as number | undefined}
                placeholder={t("common.unlimited")}
                onChange={(v) => onChange({ [name]: v ?? undefined, page: 1 } as Parameters<typeof onChange>[0])}
              />
            </Form.Item>
          );
        })}
        <Button onClick={onReset} block>
          {t("common.reset")}
        </Button>
      </Form>
    </Card>
  );
}
