/**
 * Personal data at rest: after a household's whole life through the API (registration, reports,
 * travel, quarantine, follow-up, supplies, a door visit, a cross-match upload naming the same
 * people), no attribute anywhere in the table holds one of their ID numbers or phones in plain
 * text: only masks, ciphertexts and keyed hashes.
 *
 * Named zz- so it sorts last, but files run in parallel: it checks what its own requests wrote,
 * then every item that is in the table when it scans, for any well-formed ID number or phone.
 */
import { type AttributeValue, paginateScan } from '@aws-sdk/client-dynamodb';
import {
  addDays,
  gridSchema,
  importSchema,
  isMainlandMobile,
  localDate,
  type MemberInput,
  validateIdNumber,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey, runSchedule, stack } from './support/client';
import {
  demo,
  expectBody,
  freshIdNumber,
  freshPhone,
  memberInput,
  newGridworker,
  newHousehold,
  newStaff,
  type StaffSession,
  type TestHousehold,
} from './support/fixtures';
import { stackDynamo } from './support/in-process';

/** 科苑社区 of 胜园街道: only this file makes grids there. */
const VILLAGE = '370502006005';
const STREET = VILLAGE.slice(0, 9);

/** Every ID number and phone this file sent, in the form it was sent. */
const known = { idNumbers: new Set<string>(), phones: new Set<string>() };

function remember(members: MemberInput[]): MemberInput[] {
  for (const m of members) {
    known.idNumbers.add(m.idNumber);
    if (m.phone) known.phones.add(m.phone);
  }
  return members;
}

const fullWidth = (s: string) =>
  s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** The spellings a plaintext copy could take: as sent, full-width, spaced or dashed phones, +86. */
function variantsOf(value: string, kind: 'id' | 'phone'): string[] {
  const out = new Set([value, fullWidth(value), value.toLowerCase(), fullWidth(value.toLowerCase())]);
  if (kind === 'phone') {
    for (const sep of [' ', '-']) {
      const grouped = `${value.slice(0, 3)}${sep}${value.slice(3, 7)}${sep}${value.slice(7)}`;
      out.add(grouped);
      out.add(fullWidth(grouped));
    }
    out.add(`+86${value}`);
  }
  return [...out];
}

interface Finding {
  pk: string;
  sk: string;
  path: string;
  what: string;
}

/** Every string in an item, with its path: names of map keys too, binaries decoded. */
function* stringsOf(value: AttributeValue, path: string): Generator<[string, string]> {
  if (value.S !== undefined) yield [path, value.S];
  else if (value.N !== undefined) yield [path, value.N];
  else if (value.B !== undefined) {
    yield [path, Buffer.from(value.B).toString('utf8')];
    yield [path, Buffer.from(value.B).toString('latin1')];
  } else if (value.SS) for (const [i, s] of value.SS.entries()) yield [`${path}[${i}]`, s];
  else if (value.NS) for (const [i, n] of value.NS.entries()) yield [`${path}[${i}]`, n];
  else if (value.BS)
    for (const [i, b] of value.BS.entries()) yield [`${path}[${i}]`, Buffer.from(b).toString('utf8')];
  else if (value.L) for (const [i, v] of value.L.entries()) yield* stringsOf(v, `${path}[${i}]`);
  else if (value.M)
    for (const [k, v] of Object.entries(value.M)) {
      yield [`${path}{key}`, k];
      yield* stringsOf(v, `${path}.${k}`);
    }
}

const toHalfWidth = (s: string) =>
  s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );

/**
 * Any well-formed mainland mobile or ID number (checksum and birth date valid), in any width, standing
 * on its own: digits inside a longer run of letters and digits (a random hex key) are not a number.
 */
function plaintextPersonalData(text: string): string[] {
  const half = toHalfWidth(text);
  const found: string[] = [];
  for (const m of half.matchAll(/(?<![0-9A-Za-z+/])1[3-9]\d{9}(?![0-9A-Za-z])/g)) {
    if (isMainlandMobile(m[0])) found.push(`phone ${m[0].slice(0, 3)}****${m[0].slice(7)}`);
  }
  for (const m of half.matchAll(/(?<![0-9A-Za-z+/])\d{17}[\dXx](?![0-9A-Za-z])/g)) {
    if (validateIdNumber(m[0].toUpperCase()).ok)
      found.push(`ID ${m[0].slice(0, 6)}********${m[0].slice(14)}`);
  }
  return found;
}

async function scanTable(): Promise<Array<Record<string, AttributeValue>>> {
  const client = stackDynamo();
  const items: Array<Record<string, AttributeValue>> = [];
  for await (const page of paginateScan({ client }, { TableName: stack().tableName })) {
    items.push(...(page.Items ?? []));
  }
  client.destroy();
  return items;
}

let household: TestHousehold;
let gridworker: StaffSession;
let grid: string;

beforeAll(async () => {
  const admin = await demo('demo-admin');
  grid = expectBody(
    await api('POST', '/v1/grids', {
      token: admin.token,
      body: { villageCode: VILLAGE, kind: 'basic', name: '静态数据测试网格' },
    }),
    201,
    gridSchema,
  ).gridCode;
  gridworker = await newGridworker(grid);
  const centre = await newStaff({ role: 'centre', regionCode: STREET });
  known.phones.add(gridworker.phone);
  known.phones.add(centre.phone);

  household = await newHousehold(
    grid,
    remember([
      memberInput('self', { name: '静态本人' }),
      memberInput('spouse', { name: '静态配偶' }),
      memberInput('child', { name: '静态孩子', phone: null }),
    ]),
  );
  const [self, spouse, child] = household.members.map((m) => m.person.personId) as [string, string, string];
  const hhId = household.household.householdId;
  const owner = household.owner.token;
  const gw = gridworker.token;
  const call = async (token: string, method: string, path: string, body?: unknown, key = false) => {
    const res = await api(method, path, {
      token,
      ...(body === undefined ? {} : { body }),
      headers: key ? { 'idempotency-key': newKey() } : {},
    });
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body as Record<string, unknown>;
  };

  const report = await call(owner, 'POST', `/v1/persons/${self}/health-reports`, { temperature: 38.6 }, true);
  await call(owner, 'POST', `/v1/persons/${spouse}/health-reports`, { temperature: 36.5 }, true);
  const today = localDate(new Date());
  await call(
    owner,
    'POST',
    `/v1/persons/${spouse}/travel-declarations`,
    {
      originCode: '420102',
      departedOn: addDays(today, -3),
      arrivedOn: addDays(today, -1),
      transport: { kind: 'train', number: 'G1234' },
      companions: ['同行人'],
    },
    true,
  );
  await call(gw, 'POST', `/v1/submissions/${report.submissionId}/verify`, {
    decision: 'confirmed',
    method: 'phone',
  });

  const [extra] = remember([memberInput('other', { name: '静态亲戚' })]);
  await call(owner, 'POST', `/v1/households/${hhId}/members`, extra, true);
  const newPhone = freshPhone();
  known.phones.add(newPhone);
  await call(owner, 'PATCH', `/v1/households/${hhId}/members/${child}`, { phone: newPhone, version: 1 });

  const placed = (await call(gw, 'POST', '/v1/quarantines', { householdId: hhId, reason: 'close_contact' }))
    .items as Array<{ quarantineId: string }>;
  await call(
    gw,
    'POST',
    `/v1/quarantines/${placed[0]!.quarantineId}/follow-ups`,
    { method: 'phone', temperature: 36.8 },
    true,
  );
  await call(gw, 'GET', `/v1/persons/${spouse}/contact`);

  const request = await call(
    owner,
    'POST',
    `/v1/households/${hhId}/supply-requests`,
    { items: [{ kind: 'vegetables', quantity: 2 }], note: '放门口' },
    true,
  );
  const requestPath = `/v1/supply-requests/${request.requestId}`;
  await call(gw, 'POST', `${requestPath}/accept`);
  await call(gw, 'POST', `${requestPath}/deliver`, { note: '已放门口' });
  await call(owner, 'POST', `${requestPath}/confirm`);
  await call(gw, 'POST', `/v1/households/${hhId}/visits`, { outcome: 'present' }, true);

  // A cross-match list naming one registered member (full-width digits, as lists come) and a stranger.
  const strangerId = freshIdNumber();
  const strangerPhone = freshPhone();
  known.idNumbers.add(strangerId);
  known.phones.add(strangerPhone);
  const spouseInput = household.members[1]!.input;
  const csv = [
    '姓名,身份证号,手机号,来源地,到达日期,现住址',
    `静态配偶,${fullWidth(spouseInput.idNumber)},${spouseInput.phone ?? ''},武汉市,${addDays(today, -1)},科苑社区1号`,
    `静态陌生人,${strangerId},${strangerPhone.slice(0, 3)} ${strangerPhone.slice(3, 7)} ${strangerPhone.slice(7)},武汉市,${addDays(today, -1)},科苑社区2号`,
  ].join('\n');
  const upload = expectBody(
    await api('POST', '/v1/cross-match/imports', {
      token: admin.token,
      body: {
        filename: 'arrivals.csv',
        contentBase64: Buffer.from(csv, 'utf8').toString('base64'),
        source: 'police',
        regionCode: STREET,
      },
    }),
    202,
    importSchema,
  );
  for (let run = 0; run < 10; run++) {
    await runSchedule('processCrossMatchImports');
    const state = expectBody(
      await api('GET', `/v1/cross-match/imports/${upload.importId}`, { token: admin.token }),
      200,
      importSchema,
    );
    if (state.status === 'completed' || state.status === 'failed') {
      expect(state.status, JSON.stringify(state.failure)).toBe('completed');
      break;
    }
  }
  await drainStreams();
}, 120_000);

describe('personal data at rest', () => {
  it('keeps no ID number or phone this file sent in plain text, in any width or spelling', async () => {
    const needles = [
      ...[...known.idNumbers].flatMap((v) => variantsOf(v, 'id').map((n) => ({ n, what: 'ID number' }))),
      ...[...known.phones].flatMap((v) => variantsOf(v, 'phone').map((n) => ({ n, what: 'phone' }))),
    ];
    const items = await scanTable();
    const ours = items.filter((item) =>
      [...stringsOf({ M: item }, '')].some(([, s]) => s.includes(household.household.householdId)),
    );
    // The household's own records are in the scan, their phones masked: the check looks where the data went.
    expect(ours.length).toBeGreaterThan(5);
    const texts = ours.flatMap((item) => [...stringsOf({ M: item }, '')].map(([, s]) => s));
    const selfPhone = household.members[0]!.input.phone!;
    expect(texts).toContain(`${selfPhone.slice(0, 3)}****${selfPhone.slice(7)}`);

    const findings: Finding[] = [];
    for (const item of items) {
      for (const [path, text] of stringsOf({ M: item }, '')) {
        for (const { n, what } of needles) {
          if (text.includes(n)) findings.push({ pk: item.pk?.S ?? '?', sk: item.sk?.S ?? '?', path, what });
        }
      }
    }
    expect(findings).toEqual([]);
  });

  it('keeps no well-formed ID number or phone anywhere in the table, whoever wrote it', async () => {
    const findings: Finding[] = [];
    for (const item of await scanTable()) {
      for (const [path, text] of stringsOf({ M: item }, '')) {
        for (const what of plaintextPersonalData(text)) {
          findings.push({ pk: item.pk?.S ?? '?', sk: item.sk?.S ?? '?', path, what });
        }
      }
    }
    expect(findings).toEqual([]);
  });
});
