import { View } from '@tarojs/components';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useId } from 'react';
import { zh } from '../../i18n/zh';
import { dayLabel, TREND_COLOURS, TREND_SERIES, type TrendDay } from './trend';

// Only the pieces drawn here, so the h5 centre chunk stays small.
echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The 14-day trend as an echarts line chart (h5 build only; see TrendChart.tsx for weapp). */
export function TrendChart({ days }: { days: readonly TrendDay[] }) {
  const id = `trend-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  useEffect(() => {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: days.map((d) => dayLabel(d.date)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: TREND_SERIES.map((s) => ({
        name: zh.centre.trendSeries[s],
        type: 'line',
        smooth: true,
        color: TREND_COLOURS[s],
        data: days.map((d) => d.flows[s]),
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [id, days]);
  return (
    <View
      id={id}
      className="trend-chart"
      data-testid="trend-chart"
      data-kind="echarts"
      style={{ width: '100%', height: '280px' }}
    />
  );
}
