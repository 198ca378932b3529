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
  XLSX_CONTENT_TYPE,
} from '@grid/shared';
// Types only here: the library (≈1 MB) is loaded when a workbook is read or written, not at cold start.
import type ExcelJS from 'exceljs';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { mapLimit } from '../../../lib/map-limit';
import type { HttpFile } from '../../../lib/middleware/http-handler';
import { getRegion, listChildRegions } from '../../hierarchy/entities/region';
import { childFigures } from '../../hierarchy/use-cases/stats';
import { getPersons } from '../../households/entities/households';
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
  if (scope.length >= 9) return [scope.slice(0, 9)];
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

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: Array<{ header: string; width: number }>,
) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  sheet.mergeCells(1, 1, 1, Math.max(columns.length, 1));
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 14 };
  titleCell.alignment = { horizontal: 'center' };
  const header = sheet.getRow(2);
  header.values = columns.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  return sheet;
}

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

export async function dailyReport(
  principal: Principal,
  scope: string,
  date: string,
  now: Date,
): Promise<HttpFile> {
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

  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = '网格防疫平台';
  workbook.created = now;
  const titleOf = (what: string) => `${region.name}（${scope}）${what} ${date}`;

  const metrics = [...FLOW_METRICS, ...GAUGE_METRICS];
  const summary = addSheet(workbook, REPORT_SHEETS.summary, titleOf('疫情防控日报'), [
    { header: '区划名称', width: 24 },
    { header: '区划代码', width: 17 },
    ...metrics.map((m) => ({ header: REPORT_METRIC_LABELS[m] ?? m, width: 12 })),
    { header: '排查覆盖率', width: 12 },
    { header: '隔离检测完成率', width: 14 },
  ]);
  const sorted = [...children].sort((a, b) => a.code.localeCompare(b.code));
  for (const child of sorted) {
    const figures: Record<string, number> = { ...child.flows, ...child.gauges };
    summary.addRow([
      child.name,
      child.code,
      ...metrics.map((m) => figures[m] ?? 0),
      percent(child.coverage.screenedShare),
      percent(child.coverage.checksDoneShare),
    ]);
  }
  const total = summary.addRow([
    '合计',
    '',
    ...metrics.map((m) =>
      sorted.reduce((sum, c) => sum + ({ ...c.flows, ...c.gauges } as Record<string, number>)[m]!, 0),
    ),
  ]);
  total.font = { bold: true };

  const alertSheet = addSheet(workbook, REPORT_SHEETS.alerts, titleOf('未解决预警'), [
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
  ]);
  for (const a of alerts) {
    alertSheet.addRow([
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
    ]);
  }

  // The quarantine item keeps only the latest day's checks: earlier days show a dash.
  const today = localDate(now);
  const checkText = (q: (typeof quarantines)[number], slot: 'morning' | 'evening') => {
    if (q.checks?.date === date) return q.checks[slot] ? '已完成' : '未完成';
    return date === today ? '未完成' : '—';
  };
  const qtSheet = addSheet(workbook, REPORT_SHEETS.quarantine, titleOf('居家隔离人员'), [
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
  ]);
  for (const q of quarantines) {
    qtSheet.addRow([
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
    ]);
  }

  const data = Buffer.from(await workbook.xlsx.writeBuffer());
  return {
    contentType: XLSX_CONTENT_TYPE,
    filename: `${region.name}疫情防控日报-${date}.xlsx`,
    data,
  };
}
