import { BarChart, FunnelChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { EChartsCoreOption } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([BarChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

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

/** A small ECharts wrapper that resizes with its box; the data is also given as a hidden table. */
export function Chart({ option, height = 320, label, table }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let chart: echarts.ECharts;
    try {
      chart = echarts.init(el, undefined, { renderer: "canvas" });
    } catch {
      return; // no canvas (tests): the table below still carries the data
    }
    chartRef.current = chart;
    const observer = typeof ResizeObserver !== "undefined" ? new ResizeObserver(() => chart.resize()) : null;
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, true);
  }, [option]);

  return (
    <figure style={{ margin: 0 }}>
      <div ref={ref} role="img" aria-label={label} style={{ width: "100%", height }} />
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
