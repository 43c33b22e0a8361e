import { BarChart, FunnelChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { EChartsCoreOption } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([BarChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartCanvasProps {
  option: EChartsCoreOption;
  height: number;
  label: string;
}

/** The ECharts canvas, resized with its box; loaded on its own so only pages with a chart fetch ECharts. */
export default function EChartCanvas({ option, height, label }: ChartCanvasProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let chart: echarts.ECharts;
    try {
      chart = echarts.init(el, undefined, { renderer: "canvas" });
    } catch {
      return; // no canvas (tests): the chart's table still carries the data
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

  return <div ref={ref} role="img" aria-label={label} style={{ width: "100%", height }} />;
}
