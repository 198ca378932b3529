/**
 * Cross-matching police / health / rail lists over HTTP: generated lists with realistic mess, a
 * 2,000-row import end to end with its tasks in the right grids and queues, the ledger as tasks
 * close, a restart in the middle of an import, and bad files reported without losing the upload.
 */
import { type AttributeValue, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  type Import,
  type ImportRow,
  importRowPageSchema,
  importRowSchema,
  importSchema,
  type MemberInput,
  makeIdNumber,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshName, LIST_HEADER as HEADER, PLACES, QUEUES } from '../support/cross-match-list';
import { api, drainStreams, runSchedule, stack } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  freshIdNumber,
  freshPhone,
  GRIDS,
  newGridworker,
  postHousehold,
  type Session,
  type StaffSession,
} from './support/fixtures';
import { stackDynamo } from './support/in-process';
import { base64, encodeGbk, fullWidth, idEndingInX, toCsv, toXlsx, typoOf } from './support/lists';

const JOB = 'processCrossMatchImports';
/** Imports run the job many times; the machine may be shared with other stacks. */
const SLOW = 300_000;

interface Registered {
  personId: string;
  name: string;
  idNumber: string;
  phone: string;
  birthDate: string;
}

interface Expected {
  outcome: ImportRow['outcome'];
  rule?: 'id_number' | 'phone' | 'name_birth_date';
  personId?: string;
  routeCode?: string;
  issues?: string[];
  region: string;
}

async function postImport(token: string, body: Record<string, unknown>) {
  return api<Import>('POST', '/v1/cross-match/imports', { token, body: { source: 'police', ...body } });
}

async function getImport(token: string, importId: string): Promise<Import> {
  return expectBody(await api('GET', `/v1/cross-match/imports/${importId}`, { token }), 200, importSchema);
}

/**
 * Polls an import until it leaves the running states, as a client would. Nothing runs the schedule:
 * each step's write triggers the next through the table stream.
 */
async function runToEnd(token: string, importId: string) {
  const progress: Array<{ status: string; processedRows: number; applied: number; ms: number }> = [];
  const started = performance.now();
  while (performance.now() - started < SLOW - 20_000) {
    const imp = await getImport(token, importId);
    progress.push({
      status: imp.status,
      processedRows: imp.processedRows,
      applied: imp.ledger.totals.total,
      ms: performance.now() - started,
    });
    if (imp.status === 'completed' || imp.status === 'failed') return { imp, progress };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`import did not finish: ${JSON.stringify(progress.at(-1))}`);
}

async function allRows(token: string, importId: string): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = expectBody(
      await api('GET', `/v1/cross-match/imports/${importId}/rows?limit=200${query}`, { token }),
      200,
      importRowPageSchema,
    );
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

async function openTasks(token: string, path: string, importId: string): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = expectBody(
      await api('GET', `${path}?limit=100${query}`, { token }),
      200,
      importRowPageSchema,
    );
    rows.push(...page.items.filter((r) => r.importId === importId));
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

let admin: Session;
let street: Session;
let gridworker: StaffSession;
const registered: Registered[] = [];

beforeAll(async () => {
  admin = await demo('demo-admin');
  street = await demo('demo-street');
  gridworker = await newGridworker(GRIDS.crossMatch);
  // Ten households of two already registered by the gridworker: the ones a list should find.
  for (let h = 0; h < 10; h++) {
    const members: MemberInput[] = [0, 1].map((m) => ({
      name: freshName(),
      relation: m === 0 ? 'self' : 'spouse',
      idNumber: m === 0 && h < 4 ? idEndingInX() : freshIdNumber(),
      phone: freshPhone(),
    }));
    const res = await postHousehold(gridworker.token, {
      gridCode: GRIDS.crossMatch,
      members,
      address: `油建社区 ${h} 号`,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    res.body.members.forEach((p, i) => {
      const m = members[i]!;
      registered.push({
        personId: p.personId,
        name: m.name,
        idNumber: m.idNumber,
        phone: m.phone!,
        birthDate: p.birthDate,
      });
    });
  }
  // The phone and name + birth date keys are written from the table's stream.
  await drainStreams();
}, SLOW);

describe('a 2,000-row police list (xlsx) end to end', () => {
  const rows: string[][] = [];
  const expected = new Map<number, Expected>();
  let importId = '';
  /** File row number of data row i: a title line and the header come first. */
  const fileRow = (i: number) => i + 3;

  function add(cells: string[], exp: Expected) {
    expected.set(fileRow(rows.length), exp);
    rows.push(cells);
  }

  beforeAll(() => {
    const home = '370502001'; // the registered persons' street (GRIDS.crossMatch)
    // Matched by ID number: full-width digits, a lower-case x, spaces inside.
    registered.slice(0, 8).forEach((p, i) => {
      const written =
        i % 3 === 0
          ? fullWidth(p.idNumber)
          : i % 3 === 1
            ? p.idNumber.toLowerCase()
            : `${p.idNumber.slice(0, 6)} ${p.idNumber.slice(6)}`;
      add([p.name, written, '', '武汉市', '2024-01-20', PLACES[0].write(1)], {
        outcome: 'matched',
        rule: 'id_number',
        personId: p.personId,
        region: home,
      });
    });
    // Matched by phone alone: +86, 0086, spaces and dashes, full-width digits.
    registered.slice(8, 14).forEach((p, i) => {
      const written = [
        `+86 ${p.phone}`,
        `0086${p.phone}`,
        `${p.phone.slice(0, 3)}-${p.phone.slice(3, 7)}-${p.phone.slice(7)}`,
      ][i % 3]!;
      add([p.name, '', i === 5 ? fullWidth(written) : written, '孝感市', '2024/1/21', ''], {
        outcome: 'matched',
        rule: 'phone',
        personId: p.personId,
        region: home,
      });
    });
    // Matched by name + birth date: a mistyped ID (check digit fails), and one a digit off but valid.
    const mistyped = (id: string) => `${id.slice(0, 16)}${(Number(id[16]) + 1) % 10}${id[17]}`;
    add([registered[14]!.name, mistyped(registered[14]!.idNumber), '', '黄冈市', '2024年1月22日', ''], {
      outcome: 'matched',
      rule: 'name_birth_date',
      personId: registered[14]!.personId,
      issues: ['ID_NUMBER_INVALID'],
      region: home,
    });
    add([registered[15]!.name, typoOf(registered[15]!.idNumber), '', '黄冈市', '20240122', ''], {
      outcome: 'matched',
      rule: 'name_birth_date',
      personId: registered[15]!.personId,
      region: home,
    });
    // Invalid: no name; an ID that is no ID with no phone.
    for (let i = 0; i < 5; i++) {
      add(['', freshIdNumber(), freshPhone(), '武汉市', '2024-01-20', PLACES[0].write(i)], {
        outcome: 'invalid',
        issues: ['NAME_MISSING'],
        region: '370502001',
      });
      add([freshName(), `37050219${i}`, '', '武汉市', '2024-01-20', PLACES[0].write(i)], {
        outcome: 'invalid',
        issues: ['ID_NUMBER_INVALID', 'IDENTITY_MISSING'],
        region: '370502001',
      });
    }
    // Everyone else: unknown arrivals, routed by address; a few to centres' queues.
    const firstIds: Array<{ id: string; name: string }> = [];
    const usedIds = new Set(registered.map((p) => p.idNumber));
    while (rows.length < 1990) {
      const n = rows.length;
      // Random numbers may collide (the list would then rightly call one a duplicate): draw again.
      let id = n % 7 === 0 ? idEndingInX() : freshIdNumber();
      while (usedIds.has(id)) id = freshIdNumber();
      usedIds.add(id);
      const phone = n % 2 === 0 ? freshPhone() : '';
      const queue = n % 25 === 0 ? QUEUES[(n / 25) % QUEUES.length] : undefined;
      const place = PLACES[n % PLACES.length]!;
      const date =
        n % 97 === 0
          ? '2024-02-30'
          : n % 89 === 0
            ? '2099-01-01'
            : `2024-01-${String((n % 28) + 1).padStart(2, '0')}`;
      const issues = n % 97 === 0 ? ['DATE_INVALID'] : n % 89 === 0 ? ['DATE_IN_FUTURE'] : [];
      const written = n % 5 === 0 ? fullWidth(id.toLowerCase()) : id;
      const name = freshName();
      if (firstIds.length < 10 && !queue) firstIds.push({ id, name });
      add(
        [name, written, phone ? `+86${phone}` : '', '武汉市', date, queue ? queue.write(n) : place.write(n)],
        queue
          ? {
              outcome: 'queued',
              routeCode: queue.queue,
              issues: [...issues, ...queue.issues],
              region: queue.queue,
            }
          : { outcome: 'routed', routeCode: place.grid, issues, region: place.grid.slice(0, 9) },
      );
    }
    // Duplicates of earlier rows in the same file (the ID written differently).
    for (const first of firstIds) {
      add([first.name, ` ${first.id} `, '', '武汉市', '2024-01-20', PLACES[0].write(9)], {
        outcome: 'duplicate',
        issues: ['DUPLICATE_ROW'],
        region: '370502001',
      });
    }
    expect(rows).toHaveLength(2000);
  });

  it(
    'is stored at once (202), then parsed and processed chunk by chunk with progress to poll',
    async () => {
      const res = await postImport(admin.token, {
        filename: '公安来东人员名单.xlsx',
        contentBase64: await toXlsx([HEADER, ...rows]),
        chunkRows: 100,
      });
      const created = expectBody(res, 202, importSchema);
      expect(created).toMatchObject({
        status: 'received',
        regionCode: '3705',
        totalRows: null,
        processedRows: 0,
      });
      importId = created.importId;

      const { imp, progress } = await runToEnd(admin.token, importId);
      expect(imp.status).toBe('completed');
      expect(imp).toMatchObject({
        format: 'xlsx',
        totalRows: 2000,
        processedRows: 2000,
        chunks: 20,
        nextChunk: 20,
      });
      expect(imp.columns).toEqual({
        name: '姓名',
        idNumber: '身份证号',
        phone: '手机号',
        origin: '来源地',
        arrivalDate: '到达日期',
        address: '现住址',
      });
      // Progress grows a chunk at a time, with no schedule run: the stream chains the steps.
      const done = progress.map((p) => p.processedRows);
      expect(done).toEqual([...done].sort((a, b) => a - b));
      expect(done.every((n) => n % 100 === 0)).toBe(true);
      expect(progress.some((p) => p.status === 'processing' && p.processedRows < 2000)).toBe(true);
      const seconds = (Date.parse(imp.completedAt!) - Date.parse(imp.createdAt)) / 1000;
      console.log(
        `[cross-match] 2,000 rows (xlsx) parsed and processed in ${seconds.toFixed(1)} s from upload → ${(2000 / seconds).toFixed(0)} rows/s`,
      );
    },
    SLOW,
  );

  it(
    'records outcome, match rule and confidence, route and issue codes for every row',
    async () => {
      const got = new Map((await allRows(admin.token, importId)).map((r) => [r.rowNumber, r]));
      expect(got.size).toBe(2000);
      for (const [rowNumber, exp] of expected) {
        const row = got.get(rowNumber);
        const context = `row ${rowNumber}: ${JSON.stringify(row)}`;
        expect(row?.outcome, context).toBe(exp.outcome);
        expect(row?.issues.map((i) => i.code).sort(), context).toEqual([...(exp.issues ?? [])].sort());
        if (exp.rule) {
          expect(row?.match, context).toMatchObject({ rule: exp.rule, personId: exp.personId });
          expect(row?.status).toBe('located');
        }
        if (exp.routeCode) {
          expect(row?.route?.code, context).toBe(exp.routeCode);
          expect(row?.status).toBe('open');
        }
      }
      const rowsOf = (rule: string) => [...got.values()].filter((r) => r.match?.rule === rule);
      expect(new Set(rowsOf('id_number').map((r) => r.match?.confidence))).toEqual(new Set([1]));
      expect(rowsOf('phone').every((r) => r.match!.confidence >= 0.8 && r.match!.confidence < 1)).toBe(true);
      expect(rowsOf('name_birth_date').map((r) => r.match?.confidence)).toEqual([0.9, 0.9]);
      // Personal data leaves masked only; a row with no usable ID shows nothing of it.
      const sample = got.get(fileRow(20))!;
      expect(sample.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      expect(JSON.stringify([...got.values()])).not.toContain(registered[0]!.idNumber);
      // Duplicates name the first row; the filter returns only the outcome asked for.
      const dups = expectBody(
        await api('GET', `/v1/cross-match/imports/${importId}/rows?outcome=duplicate&limit=50`, {
          token: admin.token,
        }),
        200,
        importRowPageSchema,
      );
      expect(dups.items).toHaveLength(10);
      expect(dups.items.every((r) => r.duplicateOf !== null && r.duplicateOf < r.rowNumber)).toBe(true);
    },
    SLOW,
  );

  it(
    'puts each routed row in its grid’s task list and each unroutable one in the right centre’s queue',
    async () => {
      for (const place of PLACES) {
        const tasks = await openTasks(admin.token, `/v1/grids/${place.grid}/registration-tasks`, importId);
        const want = [...expected].filter(([, e]) => e.routeCode === place.grid).map(([n]) => n);
        expect(
          tasks.map((t) => t.rowNumber).sort((a, b) => a - b),
          place.grid,
        ).toEqual(want);
        expect(tasks.every((t) => t.taskId === `R.${importId}.${t.rowNumber}` && t.status === 'open')).toBe(
          true,
        );
      }
      for (const q of QUEUES) {
        const queued = await openTasks(admin.token, `/v1/regions/${q.queue}/registration-queue`, importId);
        const want = [...expected].filter(([, e]) => e.routeCode === q.queue).map(([n]) => n);
        expect(want.length).toBeGreaterThan(0);
        expect(
          queued.map((t) => t.rowNumber).sort((a, b) => a - b),
          q.queue,
        ).toEqual(want);
        expect(queued.every((t) => t.route?.level === q.level)).toBe(true);
      }
      // The street centre sees its own queue and grids, not another street's or the city's.
      expect(
        (await api('GET', '/v1/regions/370502001/registration-queue', { token: street.token })).status,
      ).toBe(200);
      expectError(
        await api('GET', '/v1/regions/3705/registration-queue', { token: street.token }),
        403,
        'FORBIDDEN_SCOPE',
      );
      expectError(
        await api('GET', '/v1/grids/370502002002001/registration-tasks', { token: street.token }),
        403,
        'FORBIDDEN_SCOPE',
      );
      expectError(
        await api('GET', `/v1/cross-match/imports/${importId}`, { token: street.token }),
        403,
        'FORBIDDEN_SCOPE',
      );
    },
    SLOW,
  );

  it(
    'keeps a ledger per region that fills up as gridworkers locate people',
    async () => {
      const before = await getImport(admin.token, importId);
      const count = (o: string, region?: string) =>
        [...expected.values()].filter((e) => e.outcome === o && (!region || e.region === region)).length;
      expect(before.ledger.totals).toEqual({
        total: 2000,
        matched: count('matched'),
        routed: count('routed'),
        queued: count('queued'),
        invalid: 10,
        duplicate: 10,
        located: count('matched'),
        unlocated: 2000 - 20 - count('matched'),
        avgMinutesToLocate: expect.any(Number),
      });
      // Streets and the city bucket exactly; a district is its own bucket plus its streets'.
      for (const region of ['370502001', '370502002', '370503001', '370503', '3705']) {
        const entry = before.ledger.regions.find((r) => r.regionCode === region);
        const inRegion = [...expected.values()].filter((e) =>
          region.length === 6 ? e.region.startsWith(region) : e.region === region,
        );
        const of = (o: string) => inRegion.filter((e) => e.outcome === o).length;
        expect(entry, region).toMatchObject({
          total: inRegion.length,
          routed: of('routed'),
          queued: of('queued'),
        });
      }
      // Districts roll their streets up; names come from the registry.
      const district = before.ledger.regions.find((r) => r.regionCode === '370502')!;
      expect(district).toMatchObject({ name: '东营区', level: 'county' });
      expect(district.total).toBe([...expected.values()].filter((e) => e.region.startsWith('370502')).length);
      expect(before.ledger.regions.find((r) => r.regionCode === '370502001')?.name).toBe('文汇街道');

      // 1. The street centre hands two queued rows to the gridworker's grid.
      const queue = await openTasks(street.token, '/v1/regions/370502001/registration-queue', importId);
      const [first, second] = queue;
      if (!first || !second) throw new Error('expected queued rows');
      for (const task of [first, second]) {
        const assigned = expectBody(
          await api('POST', `/v1/registration-tasks/${task.taskId}/assign`, {
            token: street.token,
            body: { gridCode: GRIDS.crossMatch },
          }),
          200,
          importRowSchema,
        );
        expect(assigned).toMatchObject({
          outcome: 'routed',
          status: 'open',
          route: { level: 'grid', code: GRIDS.crossMatch },
        });
      }
      const mine = await openTasks(
        gridworker.token,
        `/v1/grids/${GRIDS.crossMatch}/registration-tasks`,
        importId,
      );
      expect(mine.map((t) => t.taskId).sort()).toEqual([first.taskId, second.taskId].sort());

      // 2. The gridworker finds the first one already on file and links it; a second link is refused.
      const linked = expectBody(
        await api('POST', `/v1/registration-tasks/${first.taskId}/link`, {
          token: gridworker.token,
          body: { personId: registered[19]!.personId },
        }),
        200,
        importRowSchema,
      );
      expect(linked).toMatchObject({
        status: 'located',
        locatedPersonId: registered[19]!.personId,
        locatedBy: gridworker.user.userId,
      });
      expectError(
        await api('POST', `/v1/registration-tasks/${first.taskId}/link`, {
          token: gridworker.token,
          body: { personId: registered[19]!.personId },
        }),
        409,
        'TASK_CLOSED',
      );

      // 3. It registers the second one: registering the same ID number closes the task by itself.
      const secondId = rows[second.rowNumber - 3]![1]!.trim();
      const normalized = secondId
        .replace(/[\uFF10-\uFF19\uFF58\uFF38]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
        .toUpperCase();
      const reg = await postHousehold(gridworker.token, {
        gridCode: GRIDS.crossMatch,
        address: '油建社区 99 号',
        members: [{ name: second.name, relation: 'self', idNumber: normalized }],
      });
      expect(reg.status, JSON.stringify(reg.body)).toBe(201);
      await drainStreams();
      const secondRow = (await allRows(admin.token, importId)).find((r) => r.rowNumber === second.rowNumber)!;
      expect(secondRow).toMatchObject({
        status: 'located',
        locatedPersonId: reg.body.members[0]!.personId,
        locatedBy: 'registration',
      });

      // A gridworker cannot work another grid's task.
      const elsewhere = (
        await openTasks(admin.token, '/v1/grids/370502001011001/registration-tasks', importId)
      )[0]!;
      expectError(
        await api('POST', `/v1/registration-tasks/${elsewhere.taskId}/link`, {
          token: gridworker.token,
          body: { personId: registered[19]!.personId },
        }),
        403,
        'FORBIDDEN_SCOPE',
      );

      const after = await getImport(admin.token, importId);
      expect(after.ledger.totals.located).toBe(before.ledger.totals.located + 2);
      expect(after.ledger.totals.unlocated).toBe(before.ledger.totals.unlocated - 2);
      expect(after.ledger.totals.queued).toBe(before.ledger.totals.queued - 2);
      expect(after.ledger.totals.routed).toBe(before.ledger.totals.routed + 2);
      expect(after.ledger.totals.avgMinutesToLocate).not.toBeNull();
    },
    SLOW,
  );
});

describe('lists in other shapes', () => {
  it(
    'reads a GBK CSV with English headers and quoted commas',
    async () => {
      const p = registered[16]!;
      const csv = toCsv([
        ['Name', 'ID Number', 'Mobile', 'From', 'Arrival Date', 'Address'],
        [p.name, p.idNumber.toLowerCase(), '', '武汉', '2024.1.23', '油建社区 5 号'],
        [
          '欧阳娜娜',
          makeIdNumber('420102', '1990-03-04', '123'),
          '186 0000 1111',
          '武汉',
          '2024-01-23',
          '黄河路街道南李社区"3号楼", 2单元',
        ],
        ['司马光', '', '', '武汉', '2024-01-23', '南李社区'],
      ]);
      const imp = expectBody(
        await postImport(admin.token, {
          filename: 'health.csv',
          contentBase64: base64(encodeGbk(csv)),
          source: 'health',
        }),
        202,
        importSchema,
      );
      const { imp: done } = await runToEnd(admin.token, imp.importId);
      expect(done).toMatchObject({ status: 'completed', encoding: 'gbk', format: 'csv', totalRows: 3 });
      const rows = await allRows(admin.token, imp.importId);
      expect(rows.map((r) => r.outcome)).toEqual(['matched', 'routed', 'invalid']);
      expect(rows[0]!.match).toMatchObject({ rule: 'id_number', personId: p.personId });
      expect(rows[1]).toMatchObject({
        name: '欧阳娜娜',
        phoneMasked: '186****1111',
        route: { code: '370502002004001' },
      });
      expect(rows[2]!.issues.map((i) => i.code)).toEqual(['IDENTITY_MISSING']);
    },
    SLOW,
  );

  it(
    'reads UTF-8 CSV with a BOM and a column map for headers it does not know',
    async () => {
      const p = registered[17]!;
      const csv = `\uFEFF${toCsv([
        ['人员', '证件', '电话号', '住处'],
        [p.name, p.idNumber, p.phone, '油建社区'],
      ])}`;
      const imp = expectBody(
        await postImport(admin.token, {
          filename: 'rail.txt',
          contentBase64: base64(csv),
          source: 'rail',
          columnMap: { name: '人员', idNumber: 2, phone: '电话号', address: '住处' },
        }),
        202,
        importSchema,
      );
      const { imp: done } = await runToEnd(admin.token, imp.importId);
      expect(done).toMatchObject({
        status: 'completed',
        encoding: 'utf-8',
        columns: { name: '人员', idNumber: '证件' },
      });
      expect(done.ledger.totals).toMatchObject({ total: 1, matched: 1, located: 1, unlocated: 0 });
    },
    SLOW,
  );
});

describe('restart in the middle of an import', () => {
  it(
    'resumes from the checkpoint and applies no row twice',
    async () => {
      const rows = Array.from({ length: 600 }, (_, n) => [
        freshName(),
        freshIdNumber(),
        n % 3 === 0 ? freshPhone() : '',
        '武汉市',
        '2024-01-25',
        PLACES[n % PLACES.length]!.write(n),
      ]);
      const created = expectBody(
        await postImport(admin.token, {
          filename: 'big.csv',
          contentBase64: base64(toCsv([HEADER, ...rows])),
          chunkRows: 50,
        }),
        202,
        importSchema,
      );
      const id = created.importId;
      // Every answer while it runs: what was applied is never behind the checkpoint's count.
      const { imp: finished, progress } = await runToEnd(admin.token, id);
      expect(progress.every((p) => p.processedRows % 50 === 0 && p.applied >= p.processedRows)).toBe(true);
      const rowsBefore = await allRows(admin.token, id);

      // A worker "crashes" after writing chunks 8–11 but before moving the cursor past them: the
      // table then holds those rows while the checkpoint still says 8. Put the cursor back there.
      const dynamo = stackDynamo();
      const values: Record<string, AttributeValue> = {
        ':n': { N: '8' },
        ':rows': { N: '400' },
        ':processing': { S: 'processing' },
        ':apk': { S: 'XMACTIVE' },
        ':ask': { S: `${finished.createdAt}#${id}` },
        ':null': { NULL: true },
      };
      await dynamo.send(
        new UpdateItemCommand({
          TableName: stack().tableName,
          Key: { pk: { S: `XM#${id}` }, sk: { S: 'IMPORT' } },
          UpdateExpression:
            'SET nextChunk = :n, processedRows = :rows, #s = :processing, gsi2pk = :apk, gsi2sk = :ask, completedAt = :null',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: values,
        }),
      );
      const rewound = await getImport(admin.token, id);
      expect(rewound).toMatchObject({ status: 'processing', nextChunk: 8, processedRows: 400 });

      // The rewind's own write restarts the chain; the schedule, run as if its quiet spell were
      // over, takes the stalled import up too: two workers on the same chunks at once.
      await runSchedule(JOB, new Date(Date.now() + 10 * 60_000).toISOString());
      const { imp: resumed } = await runToEnd(admin.token, id);
      expect(resumed).toMatchObject({ status: 'completed', processedRows: 600, nextChunk: 12 });
      // Nothing counted twice, no row rewritten, no task doubled.
      expect(resumed.ledger).toEqual(finished.ledger);
      expect(resumed.ledger.totals.total).toBe(600);
      const rowsAfter = await allRows(admin.token, id);
      expect(rowsAfter).toEqual(rowsBefore);
      const tasks = await openTasks(admin.token, `/v1/grids/${PLACES[0].grid}/registration-tasks`, id);
      expect(tasks).toHaveLength(100);
      expect(new Set(tasks.map((t) => t.taskId)).size).toBe(100);
    },
    SLOW,
  );
});

describe('bad input', () => {
  it(
    'refuses an empty file, non-base64 content, an unknown encoding and an oversized body',
    async () => {
      expectError(
        await postImport(admin.token, { filename: 'a.csv', contentBase64: '' }),
        400,
        'IMPORT_FILE_EMPTY',
      );
      expectError(
        await postImport(admin.token, { filename: 'a.csv', contentBase64: '%%%notbase64' }),
        400,
        'IMPORT_CONTENT_INVALID',
      );
      expectError(
        await postImport(admin.token, { filename: 'a.csv', contentBase64: base64('x'), encoding: 'big5' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await postImport(admin.token, { filename: 'a.csv', contentBase64: 'A'.repeat(5_600_004) }),
        413,
        'IMPORT_FILE_TOO_LARGE',
      );
      // Only centres and admins import; a centre only for its own scope.
      expectError(
        await postImport(gridworker.token, { filename: 'a.csv', contentBase64: base64('x') }),
        403,
        'FORBIDDEN_ROLE',
      );
      expectError(
        await postImport(street.token, {
          filename: 'a.csv',
          contentBase64: base64('x'),
          regionCode: '370502002',
        }),
        403,
        'FORBIDDEN_SCOPE',
      );
    },
    SLOW,
  );

  it(
    'reports whole-file failures on the import and keeps the upload to parse again',
    async () => {
      const cases: Array<[string, string, string]> = [
        [
          'bytes.csv',
          Buffer.from([0xff, 0xfe, 0xff, 0x80, 0x81]).toString('base64'),
          'IMPORT_ENCODING_UNKNOWN',
        ],
        [
          'old.xls',
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).toString('base64'),
          'IMPORT_FORMAT_UNSUPPORTED',
        ],
        [
          'broken.xlsx',
          Buffer.from('PK\u0003\u0004 not really a zip').toString('base64'),
          'IMPORT_FILE_UNREADABLE',
        ],
        ['header-only.csv', base64(toCsv([HEADER])), 'IMPORT_NO_ROWS'],
      ];
      for (const [filename, content, code] of cases) {
        const imp = expectBody(
          await postImport(street.token, { filename, contentBase64: content }),
          202,
          importSchema,
        );
        const { imp: done } = await runToEnd(street.token, imp.importId);
        expect(done, filename).toMatchObject({ status: 'failed', failure: { code } });
      }

      // Columns it cannot find: failed with what was missing and what was there; a map fixes it.
      const p = registered[18]!;
      const csv = toCsv([
        ['人员', '证件', '住处'],
        [p.name, p.idNumber, '油建社区'],
      ]);
      const imp = expectBody(
        await postImport(street.token, { filename: 'x.csv', contentBase64: base64(csv) }),
        202,
        importSchema,
      );
      const { imp: failed } = await runToEnd(street.token, imp.importId);
      expect(failed.failure).toEqual({
        code: 'IMPORT_COLUMNS_MISSING',
        details: { missing: ['name', 'idNumber', 'phone'], headers: ['人员', '证件', '住处'] },
      });
      const again = expectBody(
        await api('POST', `/v1/cross-match/imports/${imp.importId}/reparse`, {
          token: street.token,
          body: { columnMap: { name: '人员', idNumber: '证件', address: '住处' } },
        }),
        200,
        importSchema,
      );
      expect(again).toMatchObject({ status: 'received', failure: null });
      const { imp: done } = await runToEnd(street.token, imp.importId);
      expect(done).toMatchObject({ status: 'completed', totalRows: 1 });
      expect(done.ledger.totals).toMatchObject({ matched: 1, located: 1 });
      expectError(
        await api('POST', `/v1/cross-match/imports/${imp.importId}/reparse`, {
          token: street.token,
          body: { columnMap: { name: '人员' } },
        }),
        409,
        'IMPORT_NOT_REPARSABLE',
      );
    },
    SLOW,
  );
});
