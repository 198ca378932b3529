import { type ChildStats, FLOW_METRICS, GAUGE_METRICS, type RegionStats } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Chips, Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { gridLabel, useGridNames } from '../../../data/grid-names';
import { useLoad, useSession } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { ROUTES, withQuery } from '../../../routes';
import { getRegionChildrenStats, getRegionStats, getRegionTrend } from '../../../services/api';
import { AlertsCard } from '../../components/AlertsCard';
import { CentreActions } from '../../components/CentreActions';
import { EscalationTasks } from '../../components/EscalationTasks';
import { TrendChart } from '../../components/TrendChart';
import '../../centre.scss';

interface Crumb {
  code: string;
  name: string;
}

async function loadDashboard(code: string) {
  const [stats, trend, children] = await Promise.all([
    getRegionStats(code),
    getRegionTrend(code, 14),
    code.length === 15 ? Promise.resolve(null) : getRegionChildrenStats(code),
  ]);
  return { stats, trend: trend.days, children: children?.items ?? [] };
}

/** The centre's dashboard: alerts first, then today's figures, the 14-day trend, coverage and drill-down. */
export default function CentreDashboardPage() {
  const session = useSession();
  const scopes = session?.user.scopes ?? [];
  const [path, setPath] = useState<Crumb[]>(() =>
    scopes[0] ? [{ code: scopes[0], name: zh.centre.top }] : [],
  );
  const current = path[path.length - 1];
  const code = current?.code ?? '';
  const dashboard = useLoad(() => loadDashboard(code), code);
  useGridNames(code.length === 15 ? [code] : []);
  const pick = (child: ChildStats) => setPath([...path, { code: child.code, name: child.name }]);

  return (
    <PageShell
      title={zh.centre.title}
      loading={dashboard.status === 'loading'}
      error={dashboard.status === 'error' ? dashboard.error : undefined}
      onRetry={dashboard.reload}
    >
      {scopes.length > 1 && (
        <Chips
          testId="centre-scope"
          options={scopes.map((s) => ({ value: s, label: s }))}
          selected={[path[0]?.code ?? '']}
          onToggle={(s) => setPath([{ code: s, name: zh.centre.top }])}
        />
      )}
      <View className="crumbs" data-testid="centre-crumbs">
        {path.map((c, i) => (
          <Text
            key={c.code}
            className={`crumbs__item${i === path.length - 1 ? ' crumbs__item--on' : ''}`}
            data-testid={`crumb-${i}`}
            onClick={() => setPath(path.slice(0, i + 1))}
          >
            {i === 0 ? `${c.name}（${c.code.length === 15 ? gridLabel(c.code) : c.code}）` : c.name}
          </Text>
        ))}
      </View>
      {dashboard.status === 'ready' && (
        <>
          <EscalationTasks code={code} />
          <AlertsCard
            code={code}
            stats={dashboard.data.stats}
            childRows={dashboard.data.children}
            onPick={pick}
          />
          <Figures stats={dashboard.data.stats} />
          <View className="card">
            <Text className="card__title">{zh.centre.trend}</Text>
            <TrendChart days={dashboard.data.trend} />
          </View>
          {code.length === 15 ? (
            <Button
              className="btn"
              data-testid="centre-view-grid"
              onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.pending, { grid: code }) })}
            >
              {zh.centre.viewGrid}
            </Button>
          ) : (
            <DrillDown items={dashboard.data.children} onPick={pick} />
          )}
          <CentreActions code={code} />
        </>
      )}
    </PageShell>
  );
}

function Figures({ stats }: { stats: RegionStats }) {
  return (
    <>
      <View className="card">
        <Text className="card__title">{zh.centre.today(stats.date)}</Text>
        <View className="figures" data-testid="centre-gauges">
          {GAUGE_METRICS.map((m) => (
            <View key={m} className="figure" data-testid={`gauge-${m}`}>
              <Text className="figure__value">{String(stats.gauges[m])}</Text>
              <Text className="figure__label">{zh.centre.gauges[m]}</Text>
            </View>
          ))}
        </View>
        <View className="figures" data-testid="centre-flows">
          {FLOW_METRICS.map((m) => (
            <View key={m} className="figure figure--flow" data-testid={`flow-${m}`}>
              <Text className="figure__value">{String(stats.flows[m])}</Text>
              <Text className="figure__label">{zh.centre.flows[m]}</Text>
            </View>
          ))}
        </View>
        {stats.flows.missedChecks > 0 && (
          <Message
            kind="warn"
            text={zh.centre.overdueChecks(stats.flows.missedChecks)}
            testId="centre-missed"
          />
        )}
      </View>
      <View className="card" data-testid="centre-coverage">
        <Text className="card__title">{zh.centre.coverage}</Text>
        <Share
          label={zh.centre.screenedShare}
          value={stats.coverage.screenedShare}
          testId="coverage-screened"
        />
        <Share
          label={zh.centre.checksDoneShare}
          value={stats.coverage.checksDoneShare}
          testId="coverage-checks"
        />
      </View>
    </>
  );
}

function Share(props: { label: string; value: number | null; testId: string }) {
  return (
    <View className="share" data-testid={props.testId}>
      <View className="row">
        <Text>{props.label}</Text>
        <Text className="share__value">{zh.centre.share(props.value)}</Text>
      </View>
      <View className="share__track">
        <View className="share__fill" style={{ width: `${Math.round((props.value ?? 0) * 100)}%` }} />
      </View>
    </View>
  );
}

function DrillDown(props: { items: ChildStats[]; onPick: (child: ChildStats) => void }) {
  return (
    <View className="card" data-testid="centre-drill">
      <Text className="card__title">{zh.centre.drill}</Text>
      {props.items.length === 0 && <Text className="muted">{zh.centre.drillEmpty}</Text>}
      {props.items.map((c) => (
        <View
          key={c.code}
          className="drill-item"
          data-testid="drill-item"
          data-code={c.code}
          onClick={() => props.onPick(c)}
        >
          <View className="row">
            <Text className="drill-item__name">{c.name}</Text>
            <Text className="tag">{zh.centre.levels[c.level]}</Text>
            <Text className="drill-item__go">›</Text>
          </View>
          <Text className="muted" data-testid="drill-figures">
            {`${zh.centre.flows.healthReports} ${c.flows.healthReports}　${zh.centre.flows.fevers} ${c.flows.fevers}　${zh.centre.gauges.quarantinedNow} ${c.gauges.quarantinedNow}　${zh.centre.gauges.openAlerts} ${c.gauges.openAlerts}　${zh.centre.screenedShare} ${zh.centre.share(c.coverage.screenedShare)}`}
          </Text>
        </View>
      ))}
    </View>
  );
}
