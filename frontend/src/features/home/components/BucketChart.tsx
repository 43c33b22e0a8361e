import { useMemo } from "react";
import type { Bucket } from "../../../api/types";
import { Chart } from "../../../components/Chart";
import { useI18n } from "../../../locales";
import { useTerm } from "../../../app/TaxonomyContext";

/** Demands, published demands, scenarios and demonstrations per field or per city. */
export function BucketChart({ buckets, label }: { buckets: Bucket[]; label: string }) {
  const { t } = useI18n();
  const term = useTerm();
  const series = useMemo(
    () =>
      [
        { key: "published", name: t("home.series.published") },
        { key: "scenarios", name: t("home.series.scenarios") },
        { key: "demonstrations", name: t("home.series.demonstrations") },
      ] as const,
    [t],
  );
  const option = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 56, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: buckets.map((b) => term(b.name)), inverse: true },
      series: series.map((s) => ({ type: "bar", barMaxWidth: 18, name: s.name, data: buckets.map((b) => b[s.key]) })),
      color: ["#1556b8", "#2f9e44", "#d4880f"],
    }),
    [buckets, series, term],
  );
  return (
    <Chart
      option={option}
      label={label}
      height={Math.max(240, buckets.length * 36 + 60)}
      table={{
        columns: [label, ...series.map((s) => s.name)],
        rows: buckets.map((b) => [term(b.name), ...series.map((s) => b[s.key])]),
      }}
    />
  );
}
