/**
 * The daily report a centre forwards: one workbook per scope and day with a summary by child
 * region, the unresolved alerts and the people in home quarantine (IDs and phones masked).
 */
import {
  type Alert,
  FLOW_METRICS,
  GAUGE_METRICS,
  isFutureDate,
  isWithinAnyScope,
  localDate,
  localDateTimeText,
  REPORT_METRIC_LABELS,
  townshipOf,
} from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { mapLimit } from '../../../lib/map-limit';
import type { XlsxCell, XlsxWorkbook } from '../../../lib/xlsx';
import { getRegion, listChildRegions } from '../../hierarchy/entities/region';
import { childFigures } from '../../hierarchy/use-cases/stats';
import { getPersons } from '../../households/entities/person';
import { listStreetAlerts } from '../../quarantine/entities/alert';
import {
  getQuarantines,
  listActiveIdsUnder as listActiveQuarantineIdsUnder,
} from '../../quarantine/entities/quarantine';

export const REPORT_SHEETS = {
  summary: '分区汇总',
  alerts: '未解决预警',
  quarantine: '居家隔离人员',
} as const;

const ALERT_KIND = { FEVER: '发热', MISSED_CHECK: '漏检' } as const;
const ALERT_STATUS = { open: '未处理', acknowledged: '处理中', resolved: '已解决' } as const;
const ALERT_LEVEL = { grid: '网格', street: '街道', district: '区县' } as const;
const SLOT = { morning: '上午', evening: '下午' } as const;

/** The streets (9 digits) under a scope: itself or its prefix below a street, the tree above. */
async function streetsUnder(scope: string): Promise<string[]> {
  if (scope.length >= 9) return [townshipOf(scope)];
  const children = (await listChildRegions(scope)).map((c) => c.code);
  if (scope.length === 6) return children;
  return (await mapLimit(children, 8, listChildRegions)).flat().map((c) => c.code);
}

async function unresolvedAlerts(scope: string): Promise<Alert[]> {
  const streets = await streetsUnder(scope);
  const lists = await mapLimit(streets, 8, async (street) => {
    const found: Alert[] = [];
    for (const status of ['open', 'acknowledged'] as const) {
      let cursor: string | undefined;
      do {
        const page = await listStreetAlerts(street, status, 100, cursor);
        found.push(...page.items.filter((a) => a.gridCode.startsWith(scope)));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return found;
  });
  return lists.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

/** The report as a workbook model and the name it is downloaded under (the handler writes the file). */
export interface DailyReport {
  filename: string;
  workbook: XlsxWorkbook;
}

export async function dailyReport(
  principal: Principal,
  scope: string,
  date: string,
  now: Date,
): Promise<DailyReport> {
  if (principal.role === 'resident' || !isWithinAnyScope(scope, principal.scopes))
    throw new AppError('FORBIDDEN_SCOPE');
  if (isFutureDate(date, now)) throw new AppError('DATE_IN_FUTURE');
  const region = await getRegion(scope);
  if (!region) throw new AppError('REGION_UNKNOWN', { code: scope });

  const [children, alerts, quarantineIds] = await Promise.all([
    childFigures(scope, date),
    unresolvedAlerts(scope),
    listActiveQuarantineIdsUnder(scope),
  ]);
  const quarantines = (await getQuarantines(quarantineIds)).sort((a, b) =>
    `${a.gridCode}${a.personName}`.localeCompare(`${b.gridCode}${b.personName}`, 'zh-CN'),
  );
  const idMasks = new Map(
    (await getPersons(quarantines.map((q) => q.personId))).map((p) => [p.personId, p.idNumberMasked]),
  );

  const titleOf = (what: string) => `${region.name}（${scope}）${what} ${date}`;

  const metrics = [...FLOW_METRICS, ...GAUGE_METRICS];
  const sorted = [...children].sort((a, b) => a.code.localeCompare(b.code));
  const summary = {
    name: REPORT_SHEETS.summary,
    title: titleOf('疫情防控日报'),
    columns: [
      { header: '区划名称', width: 24 },
      { header: '区划代码', width: 17 },
      ...metrics.map((m) => ({ header: REPORT_METRIC_LABELS[m] ?? m, width: 12 })),
      { header: '排查覆盖率', width: 12 },
      { header: '隔离检测完成率', width: 14 },
    ],
    rows: sorted.map((child): XlsxCell[] => {
      const figures: Record<string, number> = { ...child.flows, ...child.gauges };
      return [
        child.name,
        child.code,
        ...metrics.map((m) => figures[m] ?? 0),
        percent(child.coverage.screenedShare),
        percent(child.coverage.checksDoneShare),
      ];
    }),
    footer: [
      '合计',
      '',
      ...metrics.map((m) =>
        sorted.reduce((sum, c) => sum + ({ ...c.flows, ...c.gauges } as Record<string, number>)[m]!, 0),
      ),
    ],
  };

  const alertSheet = {
    name: REPORT_SHEETS.alerts,
    title: titleOf('未解决预警'),
    columns: [
      { header: '类型', width: 8 },
      { header: '状态', width: 8 },
      { header: '级别', width: 8 },
      { header: '网格编码', width: 17 },
      { header: '姓名', width: 12 },
      { header: '日期', width: 12 },
      { header: '时段', width: 8 },
      { header: '体温（℃）', width: 10 },
      { header: '发生时间', width: 18 },
      { header: '预警编号', width: 40 },
    ],
    rows: alerts.map((a): XlsxCell[] => [
      ALERT_KIND[a.kind],
      ALERT_STATUS[a.status],
      ALERT_LEVEL[a.level],
      a.gridCode,
      a.personName,
      a.detail.date,
      SLOT[a.detail.slot],
      a.detail.temperature ?? '',
      localDateTimeText(a.createdAt),
      a.alertId,
    ]),
  };

  // The quarantine item keeps only the latest day's checks: earlier days show a dash.
  const today = localDate(now);
  const checkText = (q: (typeof quarantines)[number], slot: 'morning' | 'evening') => {
    if (q.checks?.date === date) return q.checks[slot] ? '已完成' : '未完成';
    return date === today ? '未完成' : '—';
  };
  const qtSheet = {
    name: REPORT_SHEETS.quarantine,
    title: titleOf('居家隔离人员'),
    columns: [
      { header: '网格编码', width: 17 },
      { header: '姓名', width: 12 },
      { header: '身份证号', width: 22 },
      { header: '联系电话', width: 14 },
      { header: '住址', width: 36 },
      { header: '开始日期', width: 12 },
      { header: '计划解除日期', width: 14 },
      { header: '上午检测', width: 10 },
      { header: '下午检测', width: 10 },
      { header: '最近体温（℃）', width: 14 },
      { header: '最近上报时间', width: 18 },
    ],
    rows: quarantines.map((q): XlsxCell[] => [
      q.gridCode,
      q.personName,
      idMasks.get(q.personId) ?? '',
      q.phoneMasked ?? '',
      q.address,
      q.startDate,
      q.plannedEndDate,
      checkText(q, 'morning'),
      checkText(q, 'evening'),
      q.lastTemperature ?? '',
      q.lastReportAt ? localDateTimeText(q.lastReportAt) : '',
    ]),
  };

  return {
    filename: `${region.name}疫情防控日报-${date}.xlsx`,
    workbook: { creator: '网格防疫平台', created: now, sheets: [summary, alertSheet, qtSheet] },
  };
}
