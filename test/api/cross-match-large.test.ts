/**
 * A list too large for one request, over HTTP: uploaded in parts (any byte ranges, in any order,
 * resent or replaced before the start), started once all parts are there, then worked through
 * chunk after chunk by the stream chain alone — no schedule run — while the caller polls progress.
 */
import { type Import, importPartSchema, importSchema, type MemberInput } from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { type KnownPerson, messyList, splitBytes } from '../support/cross-match-list';
import { api, drainStreams } from './support/client';
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
} from './support/fixtures';
import { encodeGbk, toCsv } from './support/lists';

const SLOW = 300_000;
const ROWS = 3_000;

let admin: Session;
let street: Session;
const known: KnownPerson[] = [];

beforeAll(async () => {
  admin = await demo('demo-admin');
  street = await demo('demo-street');
  const gridworker = await newGridworker(GRIDS.crossMatch);
  for (let h = 0; h < 4; h++) {
    const members: MemberInput[] = [0, 1].map((m) => ({
      name: `${'赵钱孙李'[h]}${'文武'[m]}${'安康'[h % 2]}`,
      relation: m === 0 ? 'self' : 'spouse',
      idNumber: freshIdNumber(),
      phone: freshPhone(),
    }));
    const res = await postHousehold(gridworker.token, { gridCode: GRIDS.crossMatch, members });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    known.push(...members.map((m) => ({ name: m.name, idNumber: m.idNumber, phone: m.phone ?? null })));
  }
  // Phone keys come from the table's stream.
  await drainStreams();
}, SLOW);

const path = (importId: string, rest = '') => `/v1/cross-match/imports/${importId}${rest}`;
const putPart = (token: string, importId: string, n: number, bytes: Uint8Array) =>
  api('PUT', path(importId, `/parts/${n}`), {
    token,
    body: { contentBase64: Buffer.from(bytes).toString('base64') },
  });

describe('a list uploaded in parts', () => {
  it(
    'takes the parts in any order, resent or replaced, starts once all are there and is processed without a schedule',
    async () => {
      const list = messyList(ROWS, known);
      // GBK, cut into three byte ranges: a character may straddle two parts.
      const file = encodeGbk(toCsv([list.header, ...list.rows]));
      const parts = splitBytes(file, Math.ceil(file.length / 3) + 1);
      expect(parts).toHaveLength(3);

      const created = expectBody(
        await api<Import>('POST', '/v1/cross-match/imports', {
          token: admin.token,
          body: { filename: '卫健委来东人员.csv', source: 'health', chunkRows: 100 },
        }),
        201,
        importSchema,
      );
      expect(created).toMatchObject({ status: 'uploading', bytes: 0, parts: [] });
      const id = created.importId;

      // A wrong part 2 first, then the parts out of order, then part 2 again with the right bytes.
      expectBody(await putPart(admin.token, id, 2, Buffer.from('不是这一段')), 200, importPartSchema);
      for (const n of [3, 1, 2]) {
        const part = expectBody(await putPart(admin.token, id, n, parts[n - 1]!), 200, importPartSchema);
        expect(part).toMatchObject({ importId: id, partNumber: n, bytes: parts[n - 1]!.length });
      }
      // Resent: the same answer.
      const again = expectBody(await putPart(admin.token, id, 1, parts[0]!), 200, importPartSchema);
      expect(again.bytes).toBe(parts[0]!.length);

      const uploading = expectBody(await api('GET', path(id), { token: admin.token }), 200, importSchema);
      expect(uploading).toMatchObject({ status: 'uploading', bytes: file.length });
      expect(uploading.parts).toEqual(parts.map((p, i) => ({ partNumber: i + 1, bytes: p.length })));

      // Not another centre's import; not a part number out of range; not a start with parts missing.
      expectError(await putPart(street.token, id, 1, parts[0]!), 403, 'FORBIDDEN_SCOPE');
      expectError(await putPart(admin.token, id, 65, parts[0]!), 400, 'VALIDATION_FAILED');
      const missing = expectError(
        await api('POST', path(id, '/start'), { token: admin.token, body: { parts: 4 } }),
        409,
        'IMPORT_PARTS_MISSING',
      );
      expect(missing.details).toEqual({ missing: [4], unexpected: [] });
      const extra = expectError(
        await api('POST', path(id, '/start'), { token: admin.token, body: { parts: 2 } }),
        409,
        'IMPORT_PARTS_MISSING',
      );
      expect(extra.details).toEqual({ missing: [], unexpected: [3] });

      const uploadedAt = performance.now();
      const started = expectBody(
        await api('POST', path(id, '/start'), { token: admin.token, body: { parts: 3 } }),
        202,
        importSchema,
      );
      expect(['received', 'processing']).toContain(started.status);
      expect(started.bytes).toBe(file.length);
      // Starting again is harmless; a part can no longer change, though the same bytes still answer.
      expectBody(
        await api('POST', path(id, '/start'), { token: admin.token, body: { parts: 3 } }),
        202,
        importSchema,
      );
      expectError(await putPart(admin.token, id, 1, Buffer.from('改过的')), 409, 'IMPORT_NOT_UPLOADING');
      expectBody(await putPart(admin.token, id, 1, parts[0]!), 200, importPartSchema);

      // Poll, as a client would; nothing runs the schedule.
      const seen: Import[] = [];
      let imp = started;
      while (imp.status !== 'completed' && imp.status !== 'failed') {
        if (performance.now() - uploadedAt > SLOW - 30_000) throw new Error(`stuck: ${JSON.stringify(imp)}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        imp = expectBody(await api('GET', path(id), { token: admin.token }), 200, importSchema);
        seen.push(imp);
      }
      const seconds = (performance.now() - uploadedAt) / 1000;
      console.log(
        `[cross-match] ${ROWS} rows in 3 parts: processed in ${seconds.toFixed(1)} s after the start → ${(ROWS / seconds).toFixed(0)} rows/s`,
      );
      expect(imp).toMatchObject({
        status: 'completed',
        encoding: 'gbk',
        format: 'csv',
        totalRows: ROWS,
        processedRows: ROWS,
        chunks: ROWS / 100,
        nextChunk: ROWS / 100,
      });
      const processed = seen.map((s) => s.processedRows);
      expect(processed).toEqual([...processed].sort((a, b) => a - b));
      expect(
        seen.some((s) => s.status === 'processing' && s.processedRows > 0 && s.processedRows < ROWS),
      ).toBe(true);
      expect(imp.ledger.totals).toMatchObject({
        total: ROWS,
        ...list.expected,
        located: list.expected.matched,
      });
    },
    SLOW,
  );

  it(
    'keeps the one-request upload: no parts, and parts refused once it is running',
    async () => {
      const list = messyList(30);
      const created = expectBody(
        await api('POST', '/v1/cross-match/imports', {
          token: street.token,
          body: {
            filename: 'small.csv',
            source: 'rail',
            contentBase64: Buffer.from(toCsv([list.header, ...list.rows])).toString('base64'),
          },
        }),
        202,
        importSchema,
      );
      expect(created).toMatchObject({ status: 'received', parts: [] });
      expectError(
        await putPart(street.token, created.importId, 1, Buffer.from('x')),
        409,
        'IMPORT_NOT_UPLOADING',
      );
      expectError(
        await api('POST', path(created.importId, '/start'), { token: street.token, body: { parts: 1 } }),
        409,
        'IMPORT_NOT_UPLOADING',
      );
    },
    SLOW,
  );
});
