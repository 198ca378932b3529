import type { FlowMetric } from '@grid/shared';

export interface TrendDay {
  date: string;
  flows: Record<FlowMetric, number>;
}

/** The lines the dashboard draws: check-ins against fevers and alerts. */
export const TREND_SERIES = [
  'healthReports',
  'fevers',
  'alertsRaised',
] as const satisfies readonly FlowMetric[];
export const TREND_COLOURS: Record<(typeof TREND_SERIES)[number], string> = {
  healthReports: '#1677ff',
  fevers: '#e5484d',
  alertsRaised: '#fa8c16',
};

/** 'MM-DD' for the axis. */
export const dayLabel = (date: string) => date.slice(5);
