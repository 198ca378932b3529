/**
 * Cross-match routing and the grids of a community (issue 15, items 9 and 10): a grid created just
 * before an import gets its rows (the grid list is read for every chunk, not cached for 10 minutes),
 * and grids that declare what they cover (estates, buildings, streets) get the rows naming it; the
 * rest go to the lowest-numbered grid as before. Lives in 寺前杨村 of 龙居镇 (370502105203); the
 * street belongs to cursors.test.ts, which makes no grid in this village. Also the audited one-tap
 * call for a routed task (item 11).
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  addDays,
  gridSchema,
  type ImportRow,
  importRowPageSchema,
  localDate,
  makeIdNumber,
  registrationTaskContactSchema,
} from '@grid/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, stack } from './support/client';
import { demo, expectBody, expectError, freshPhone, newGrid, newGridworker } from './support/fixtures';
import { stackDynamo } from './support/in-process';

const dynamo = stackDynamo();
afterAll(() => dynamo.destroy());

const VILLAGE = '370502105203';
const STREET = '370502105';
let adminToken: string;
let seq = 0;
/** The phone written on each imported row, by address. */
const phoneOf = new Map<string, string>();

function csv(addresses: string[]): string {
  const lines = addresses.map((address) => {
    seq++;
    const id = makeIdNumber(
      '420102',
      `198${seq % 10}-0${(seq % 9) + 1}-1${seq % 10}`,
      String(300 + seq).padStart(3, '0'),
    );
    const phone = freshPhone();
    phoneOf.set(address, phone);
    return [`网格路由${seq}`, id, phone, '武汉市', addDays(localDate(new Date()), -1), address].join(',');
  });
  return Buffer.from(['姓名,身份证号,手机号,来源地,到达日期,现住址', ...lines].join('\n')).toString('base64');
}

/** Imports the addresses and waits for the rows: where each one went. */
async function route(addresses: string[]): Promise<Array<ImportRow['route']>> {
  return (await importRows(addresses)).map((r) => r.route);
}

async function importRows(addresses: string[]): Promise<ImportRow[]> {
  const created = await api<{ importId: string }>('POST', '/v1/cross-match/imports', {
    token: adminToken,
    body: { filename: 'grids.csv', source: 'police', regionCode: STREET, contentBase64: csv(addresses) },
  });
  expect(created.status).toBe(202);
  const { importId } = created.body;
  for (let i = 0; i < 240; i++) {
    const imp = await api<{ status: string }>('GET', `/v1/cross-match/imports/${importId}`, {
      token: adminToken,
    });
    if (imp.body.status === 'completed' || imp.body.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const rows = expectBody(
    await api('GET', `/v1/cross-match/imports/${importId}/rows?limit=50`, { token: adminToken }),
    200,
    importRowPageSchema,
  ).items;
  expect(rows).toHaveLength(addresses.length);
  return rows.sort((a, b) => a.rowNumber - b.rowNumber);
}

async function coveringGrid(covers?: string[]): Promise<string> {
  const grid = await newGrid(VILLAGE, covers ? { covers } : {});
  expect(grid.covers).toEqual(covers ?? []);
  return grid.gridCode;
}

beforeAll(async () => {
  adminToken = (await demo('demo-admin')).token;
});

describe('routing rows to the grids of a village', () => {
  it('uses a grid created just before the import, and the grid a row’s estate or street names', async () => {
    // No grid yet: the street's queue.
    const [before] = await route(['龙居镇寺前杨村5号']);
    expect(before).toMatchObject({ level: 'township', code: STREET });

    // A grid created now gets the next import's rows (the list used to be cached for 10 minutes).
    const first = await coveringGrid();
    const [after] = await route(['龙居镇寺前杨村5号']);
    expect(after).toMatchObject({ level: 'grid', code: first });

    // A second grid covering an estate gets the rows naming it; the rest stay with the first.
    const second = await coveringGrid(['幸福小区', '西大街']);
    const routed = await route(['龙居镇寺前杨村幸福小区3号楼', '寺前杨村西大街8号', '龙居镇寺前杨村7号']);
    expect(routed.map((r) => r?.code)).toEqual([second, second, first]);

    // Coverage changed: the next import follows it.
    const changed = await api('PUT', `/v1/grids/${first}/covers`, {
      token: adminToken,
      body: { covers: ['幸福小区东区'] },
    });
    expect(expectBody(changed, 200, gridSchema).covers).toEqual(['幸福小区东区']);
    const again = await route(['寺前杨村幸福小区东区2号楼', '寺前杨村幸福小区9号楼', '寺前杨村1号']);
    // The longest name wins: 幸福小区东区 (first) over 幸福小区 (second).
    expect(again.map((r) => r?.code)).toEqual([first, second, first]);
  });

  it('refuses coverage of a grid outside the caller’s scope or unknown', async () => {
    const centre = await demo('demo-street');
    const grid = await coveringGrid();
    const res = await api('PUT', `/v1/grids/${grid}/covers`, {
      token: centre.token,
      body: { covers: ['某小区'] },
    });
    expect(res.status).toBe(403);
    const unknown = await api('PUT', `/v1/grids/${VILLAGE}999/covers`, {
      token: adminToken,
      body: { covers: [] },
    });
    expect(unknown.status).toBe(400);
  });
});

describe('GET /v1/registration-tasks/{taskId}/contact', () => {
  it('gives the task’s gridworker the arrival’s phone, records every read, and nobody else', async () => {
    const grid = await coveringGrid(['联系测试小区']);
    const address = `寺前杨村联系测试小区${Date.now() % 1000}号`;
    const [row] = await importRows([address]);
    expect(row!.route).toMatchObject({ level: 'grid', code: grid });
    const [gw, other] = await Promise.all([newGridworker(grid), newGridworker('370502105201001')]);

    const contact = await api('GET', `/v1/registration-tasks/${row!.taskId}/contact`, { token: gw.token });
    expect(expectBody(contact, 200, registrationTaskContactSchema)).toEqual({
      taskId: row!.taskId,
      name: row!.name,
      phone: phoneOf.get(address),
    });
    expectError(
      await api('GET', `/v1/registration-tasks/${row!.taskId}/contact`, { token: other.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    const stored = await dynamo.send(
      new GetItemCommand({
        TableName: stack().tableName,
        Key: {
          pk: { S: `XM#${row!.importId}` },
          sk: { S: `ROW#${String(row!.rowNumber).padStart(7, '0')}` },
        },
        ConsistentRead: true,
      }),
    );
    const reads = stored.Item?.contactReads?.L ?? [];
    expect(reads.map((r) => [r.M?.byUserId?.S, r.M?.byRole?.S])).toEqual([[gw.user.userId, 'gridworker']]);
  });
});
