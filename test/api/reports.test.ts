/**
 * The daily Excel report over HTTP: downloaded as a centre would, read back with exceljs and
 * checked sheet by sheet. Data lives under 胜利街道 (370502005), which no other file uses.
 */
import { gridSchema, localDate, quarantineListSchema, XLSX_CONTENT_TYPE } from '@grid/shared';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, stack } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  maskedId,
  maskedPhone,
  memberOf,
  newGridworker,
  newHousehold,
  newStaff,
  postHealthReport,
  type StaffSession,
  type TestHousehold,
} from './support/fixtures';

const STREET = '370502005';
const V1 = '370502005058'; // 龙潭社区居民委员会
const V2 = '370502005059'; // 共建社区居民委员会
const TODAY = localDate(new Date());

let centre: StaffSession;
let gridworker: StaffSession;
let grid1: string;
let household: TestHousehold;

async function download(token: string, query: string) {
  const res = await fetch(`${stack().apiUrl}/v1/reports/daily?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { res, data: Buffer.from(await res.arrayBuffer()) };
}

async function workbookOf(token: string, scope: string, date = TODAY) {
  const { res, data } = await download(token, `scope=${scope}&date=${date}`);
  expect(res.status, data.toString('utf8').slice(0, 300)).toBe(200);
  expect(res.headers.get('content-type')).toBe(XLSX_CONTENT_TYPE);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  return { workbook, res };
}

function rowValues(sheet: ExcelJS.Worksheet, n: number): unknown[] {
  return (sheet.getRow(n).values as unknown[]).slice(1);
}

function findRow(sheet: ExcelJS.Worksheet, column: number, value: string): unknown[] | undefined {
  for (let n = 3; n <= sheet.rowCount; n++) {
    if (sheet.getRow(n).getCell(column).value === value) return rowValues(sheet, n);
  }
  return undefined;
}

beforeAll(async () => {
  const admin = await demo('demo-admin');
  const grids = await Promise.all(
    [V1, V2].map(async (villageCode) => {
      const res = await api('POST', '/v1/grids', {
        token: admin.token,
        body: { villageCode, kind: 'basic', name: '日报测试网格' },
      });
      return expectBody(res, 201, gridSchema).gridCode;
    }),
  );
  grid1 = grids[0]!;
  [centre, gridworker] = await Promise.all([
    newStaff({ role: 'centre', regionCode: STREET }),
    newGridworker(...grids),
  ]);

  household = await newHousehold(grid1);
  const self = memberOf(household, 'self').person;
  const placed = await api('POST', '/v1/quarantines', {
    token: gridworker.token,
    body: { personIds: [self.personId], reason: 'risk_area_arrival' },
  });
  expectBody(placed, 201, quarantineListSchema);
  expect((await postHealthReport(household.owner.token, self.personId, { temperature: 38.6 })).status).toBe(
    201,
  );
  // The fever alert and the counters. With the whole suite writing at once the poller may need
  // longer than one drain allows: wait again rather than fail.
  for (let attempt = 1; ; attempt++) {
    try {
      await drainStreams();
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}, 120_000);

describe('daily report', () => {
  it('is a workbook named for the region and day, with the three sheets a centre forwards', async () => {
    const { workbook, res } = await workbookOf(centre.token, STREET);
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`胜利街道疫情防控日报-${TODAY}.xlsx`)}`,
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['分区汇总', '未解决预警', '居家隔离人员']);
    for (const sheet of workbook.worksheets) {
      expect(String(sheet.getCell(1, 1).value)).toContain(`胜利街道（${STREET}）`);
      expect(String(sheet.getCell(1, 1).value)).toContain(TODAY);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    }
  });

  it('sums each child region in the summary sheet', async () => {
    const { workbook } = await workbookOf(centre.token, STREET);
    const summary = workbook.getWorksheet('分区汇总')!;
    const header = rowValues(summary, 2);
    expect(header.slice(0, 4)).toEqual(['区划名称', '区划代码', '健康打卡', '发热人数']);
    expect(header).toContain('在管隔离人数');
    expect(summary.getColumn(1).width).toBe(24);

    const row = findRow(summary, 2, V1);
    expect(row?.[0]).toBe('龙潭社区居民委员会');
    const column = (label: string) => header.indexOf(label);
    expect(row?.[column('在管隔离人数')]).toBe(1);
    expect(row?.[column('健康打卡')]).toBe(1);
    expect(row?.[column('发热人数')]).toBe(1);
    expect(findRow(summary, 2, V2)?.[column('在管隔离人数')]).toBe(0);
    // Every community of the street has a row, then the total.
    const last = rowValues(summary, summary.rowCount);
    expect(last[0]).toBe('合计');
    expect(last[column('在管隔离人数')]).toBe(1);
  });

  it('lists the unresolved alerts and the people in quarantine, with masked ID and phone', async () => {
    const { workbook } = await workbookOf(centre.token, STREET);
    const self = memberOf(household, 'self');

    const alerts = workbook.getWorksheet('未解决预警')!;
    expect(rowValues(alerts, 2).slice(0, 5)).toEqual(['类型', '状态', '级别', '网格编码', '姓名']);
    const alert = findRow(alerts, 5, self.input.name);
    expect(alert?.slice(0, 8)).toEqual([
      '发热',
      '未处理',
      '网格',
      grid1,
      self.input.name,
      TODAY,
      expect.any(String),
      38.6,
    ]);

    const people = workbook.getWorksheet('居家隔离人员')!;
    expect(rowValues(people, 2).slice(0, 4)).toEqual(['网格编码', '姓名', '身份证号', '联系电话']);
    const person = findRow(people, 2, self.input.name);
    expect(person?.slice(0, 4)).toEqual([
      grid1,
      self.input.name,
      maskedId(self.input.idNumber),
      maskedPhone(self.input.phone!),
    ]);
    // No full ID number or phone anywhere in the file.
    const { data } = await download(centre.token, `scope=${STREET}&date=${TODAY}`);
    const text = JSON.stringify(workbook.worksheets.map((s) => s.getSheetValues()));
    expect(text).not.toContain(self.input.idNumber);
    expect(text).not.toContain(self.input.phone!);
    expect(data.length).toBeGreaterThan(1000);
  });

  it('for a community lists its grids as the children', async () => {
    const { workbook } = await workbookOf(centre.token, V1);
    const summary = workbook.getWorksheet('分区汇总')!;
    expect(findRow(summary, 2, grid1)?.[0]).toBe('日报测试网格');
    expect(workbook.getWorksheet('居家隔离人员')!.rowCount).toBe(3);
  });

  it('refuses other scopes, grids, unknown regions, bad and future dates, and gridworkers', async () => {
    const query = (scope: string, date = TODAY) => `/v1/reports/daily?scope=${scope}&date=${date}`;
    const get = (token: string, path: string) => api('GET', path, { token });
    expectError(await get(centre.token, query('370502004')), 403, 'FORBIDDEN_SCOPE');
    expectError(await get(centre.token, query(grid1)), 400, 'REGION_CODE_INVALID');
    expectError(await get(centre.token, query(`${STREET}999`)), 400, 'REGION_UNKNOWN');
    expectError(await get(centre.token, query(STREET, '2024-02-30')), 400, 'DATE_INVALID');
    const tomorrow = localDate(new Date(Date.now() + 36 * 3600_000));
    expectError(await get(centre.token, query(STREET, tomorrow)), 400, 'DATE_IN_FUTURE');
    expectError(await get(gridworker.token, query(STREET)), 403, 'FORBIDDEN_ROLE');
    const admin = await demo('demo-admin');
    const { workbook } = await workbookOf(admin.token, '370502');
    expect(findRow(workbook.getWorksheet('分区汇总')!, 2, STREET)?.[0]).toBe('胜利街道');
  });
});
