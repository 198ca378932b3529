import { Text, View } from '@tarojs/components';
import { zh } from '../../i18n/zh';
import { dayLabel, TREND_COLOURS, TREND_SERIES, type TrendDay } from './trend';

/**
 * The 14-day trend without a chart library: one row per day with bars scaled to the largest
 * count. The weapp build uses this file; h5 resolves TrendChart.h5.tsx (echarts) instead, so
 * echarts never enters the mini program's packages.
 */
export function TrendChart({ days }: { days: readonly TrendDay[] }) {
  const max = Math.max(1, ...days.flatMap((d) => TREND_SERIES.map((s) => d.flows[s])));
  return (
    <View className="trend-table" data-testid="trend-chart" data-kind="bars">
      <View className="trend-table__legend">
        {TREND_SERIES.map((s) => (
          <Text key={s} className="trend-table__key" style={{ color: TREND_COLOURS[s] }}>
            {`■ ${zh.centre.trendSeries[s]}`}
          </Text>
        ))}
      </View>
      {days.map((d) => (
        <View key={d.date} className="trend-table__row" data-testid="trend-row">
          <Text className="trend-table__date">{dayLabel(d.date)}</Text>
          <View className="trend-table__bars">
            {TREND_SERIES.map((s) => (
              <View key={s} className="trend-table__bar-line">
                <View
                  className="trend-table__bar"
                  style={{ width: `${(d.flows[s] / max) * 100}%`, backgroundColor: TREND_COLOURS[s] }}
                />
                <Text className="trend-table__value">{String(d.flows[s])}</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}
