/** Apache ECharts, only the parts used (bar and line charts, canvas renderer): the bundle stays small. */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { h } from './dom';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const charts = new Set<echarts.ECharts>();
let observer: ResizeObserver | undefined;

function mount(option: echarts.EChartsCoreOption, height = 320): HTMLElement {
  const el = h('div', { class: 'chart', role: 'img' });
  el.style.height = `${height}px`;
  // Initialised once in the document (ECharts needs the element's size).
  requestAnimationFrame(() => {
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.setOption(option);
    charts.add(chart);
    observer ??= new ResizeObserver(() => charts.forEach((c) => (c.isDisposed() ? charts.delete(c) : c.resize())));
    observer.observe(el);
  });
  return el;
}

const FONT = { fontFamily: 'system-ui, "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif' };

/** Bars of `values` (the API's numbers) by `categories`; `name` labels the series. */
export function barChart(categories: string[], series: { name: string; values: (number | null)[] }[], opts: { horizontal?: boolean; height?: number } = {}): HTMLElement {
  const cat = { type: 'category', data: categories, axisLabel: { interval: 0, rotate: opts.horizontal ? 0 : categories.length > 6 ? 35 : 0, ...FONT } };
  const val = { type: 'value', axisLabel: FONT };
  return mount(
    {
      textStyle: FONT,
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 8, right: 16, top: series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      xAxis: opts.horizontal ? val : cat,
      yAxis: opts.horizontal ? { ...cat, inverse: true } : val,
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
    },
    opts.height,
  );
}

/** Lines over `x` with one y axis per series (two at most: left and right). */
export function lineChart(x: string[], series: { name: string; values: (number | null)[] }[]): HTMLElement {
  return mount({
    textStyle: FONT,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: x, axisLabel: FONT },
    yAxis: series.map((s, i) => ({ type: 'value', name: s.name, position: i === 0 ? 'left' : 'right', axisLabel: FONT })),
    series: series.map((s, i) => ({ type: 'line', name: s.name, data: s.values, yAxisIndex: i, showSymbol: false })),
  });
}

/** Disposes every chart (before a page is replaced). */
export function disposeCharts(): void {
  charts.forEach((c) => c.dispose());
  charts.clear();
}
