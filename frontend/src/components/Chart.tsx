import type { EChartsCoreOption } from "echarts/core";
import { lazy, Suspense } from "react";

// ECharts is a third of the pages' JavaScript: it is fetched when a chart is first drawn, not with the app.
const EChartCanvas = lazy(() => import("./EChartCanvas"));

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

interface Props {
  option: EChartsCoreOption;
  height?: number;
  /** What the chart shows, read by screen readers. */
  label: string;
  /** The same data as a table, for screen readers and keyboard users. */
  table: ChartTable;
}

/** A chart whose data is also given as a hidden table; the box keeps its size while ECharts loads. */
export function Chart({ option, height = 320, label, table }: Props) {
  return (
    <figure style={{ margin: 0 }}>
      <Suspense fallback={<div role="img" aria-label={label} style={{ width: "100%", height }} />}>
        <EChartCanvas option={option} height={height} label={label} />
      </Suspense>
      <table className="sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
