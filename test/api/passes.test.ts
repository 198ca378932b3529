/**
 * Health passes over HTTP (issue 19): issued per household member from the person's state, verified
 * offline with the served keys, revoked at once by a fever report or a new quarantine, re-issued in
 * the new colour, printed as a PDF by the person's gridworker. Everything lives in 仙河镇
 * (370503101, 河口区), which no other test file uses.
 */
import {
  alertListSchema,
  issuedPassSchema,
  passKeysSchema,
  passListSchema,
  passRevocationPageSchema,
} from '@grid/shared';
import { maskName, type PassKey, verifyPass } from '@grid/shared/pass';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey, stack } from './support/client';
import {
  expectBody,
  expectError,
  newGrid,
  newGridworker,
  newHousehold,
  newStaff,
  postHealthReport,
  type StaffSession,
  type TestHousehold,
} from './support/fixtures';

const VILLAGE = '370503101001';
const OTHER_VILLAGE = '370503101002';

let grid: string;
let otherGrid: string;
let gridworker: StaffSession;
let otherGridworker: StaffSession;
let household: TestHousehold;
let keys: PassKey[];
const startedAt = new Date(Date.now() - 1000).toISOString();

async function myPasses(h: TestHousehold = household) {
  return expectBody(await api('GET', '/v1/me/passes', { token: h.owner.token }), 200, passListSchema).passes;
}

async function revokedIds(since = startedAt): Promise<Set<string>> {
  const page = expectBody(
    await api('GET', `/v1/pass-revocations?since=${encodeURIComponent(since)}&limit=500`, {
      token: gridworker.token,
    }),
    200,
    passRevocationPageSchema,
  );
  return new Set(page.items.map((r) => r.passId));
}

const verifyAt = (text: string, revoked = new Set<string>(), villageCode = VILLAGE) =>
  verifyPass(text, { keys, revoked, now: new Date(), villageCode });

beforeAll(async () => {
  const [g1, g2] = await Promise.all([newGrid(VILLAGE), newGrid(OTHER_VILLAGE)]);
  grid = g1.gridCode;
  otherGrid = g2.gridCode;
  [gridworker, otherGridworker, household] = await Promise.all([
    newGridworker(grid),
    newGridworker(otherGrid),
    newHousehold(grid),
  ]);
  keys = expectBody(
    await api('GET', '/v1/pass-keys', { token: household.owner.token }),
    200,
    passKeysSchema,
  ).keys;
});

describe('issuing', () => {
  it('gives every household member a green pass that verifies offline at their village only', async () => {
    const passes = await myPasses();
    expect(passes.map((p) => p.personId)).toEqual(household.members.map((m) => m.person.personId));
    for (const [i, pass] of passes.entries()) {
      expect(pass.colour).toBe('green');
      expect(pass.maskedName).toBe(maskName(household.members[i]!.input.name));
      expect(pass.regionCode).toBe(grid);
      expect(pass.regionName).toBe('测试网格');
      expect(Date.parse(pass.expiresAt) - Date.parse(pass.issuedAt)).toBe(24 * 3600 * 1000);
      const verdict = verifyAt(pass.text);
      expect(verdict).toMatchObject({ ok: true, claims: { passId: pass.passId, colour: 'green' } });
      expect(verifyAt(pass.text, new Set(), OTHER_VILLAGE)).toMatchObject({
        ok: false,
        reason: 'other-village',
      });
    }
    // Least data: the signed text holds no ID number, phone or full name.
    const text = JSON.stringify(passes);
    for (const m of household.members) {
      expect(text).not.toContain(m.input.name);
      expect(text).not.toContain(m.input.idNumber);
    }
  });

  it('hands out the same pass again while it is valid', async () => {
    const [first, second] = [await myPasses(), await myPasses()];
    expect(second.map((p) => p.passId)).toEqual(first.map((p) => p.passId));
  });

  it('lets the gridworker of the grid issue a person’s pass, nobody outside it', async () => {
    const person = household.members[2]!.person.personId;
    const mine = (await myPasses())[2]!;
    const res = await api('POST', `/v1/persons/${person}/pass`, { token: gridworker.token });
    expect(expectBody(res, 200, issuedPassSchema).passId).toBe(mine.passId);
    expectError(
      await api('POST', `/v1/persons/${person}/pass`, { token: otherGridworker.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    const stranger = await newHousehold(otherGrid);
    expectError(
      await api('POST', `/v1/persons/${person}/pass`, { token: stranger.owner.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('POST', '/v1/persons/not-an-id/pass', { token: gridworker.token }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('revocation', () => {
  it('a fever report revokes the pass at once; the next one is red', async () => {
    const self = household.members[0]!.person.personId;
    const before = (await myPasses())[0]!;
    const res = await postHealthReport(household.owner.token, self, { temperature: 38.6 });
    expect(res.status).toBe(201);
    await drainStreams();
    const revoked = await revokedIds();
    expect(revoked.has(before.passId)).toBe(true);
    expect(verifyAt(before.text, revoked)).toMatchObject({ ok: false, reason: 'revoked' });
    const after = await myPasses();
    expect(after[0]!.passId).not.toBe(before.passId);
    expect(after[0]!.colour).toBe('red');
    expect(verifyAt(after[0]!.text, revoked)).toMatchObject({ ok: true, claims: { colour: 'red' } });
    // The others keep theirs.
    expect(after[1]!.colour).toBe('green');
    expect(revoked.has(after[1]!.passId)).toBe(false);
  });

  it('resolving the fever alert makes the next pass green again', async () => {
    const self = household.members[0]!.person.personId;
    const alerts = expectBody(
      await api('GET', `/v1/alerts?scope=${grid}&status=open`, { token: gridworker.token }),
      200,
      alertListSchema,
    ).items.filter((a) => a.personId === self && a.kind === 'FEVER');
    expect(alerts.length).toBe(1);
    const resolved = await api('POST', `/v1/alerts/${alerts[0]!.alertId}/resolve`, {
      token: gridworker.token,
      body: { note: '复测正常' },
    });
    expect(resolved.status).toBe(200);
    await drainStreams();
    expect((await myPasses())[0]!.colour).toBe('green');
  });

  it('a new home quarantine revokes the pass; the next one is red', async () => {
    const spouse = household.members[1]!.person.personId;
    const before = (await myPasses())[1]!;
    const placed = await api('POST', '/v1/quarantines', {
      token: gridworker.token,
      body: { personIds: [spouse], reason: 'close_contact' },
      headers: { 'idempotency-key': newKey() },
    });
    expect(placed.status).toBe(201);
    await drainStreams();
    expect((await revokedIds()).has(before.passId)).toBe(true);
    const after = (await myPasses())[1]!;
    expect(after.colour).toBe('red');
    expect(after.passId).not.toBe(before.passId);
  });

  it('pages the list with a cursor that only this list accepts, and refuses a bad since', async () => {
    const first = expectBody(
      await api('GET', `/v1/pass-revocations?since=${encodeURIComponent(startedAt)}&limit=1`, {
        token: gridworker.token,
      }),
      200,
      passRevocationPageSchema,
    );
    expect(first.items.length).toBe(1);
    expect(first.nextCursor).not.toBeNull();
    const second = expectBody(
      await api(
        'GET',
        `/v1/pass-revocations?since=${encodeURIComponent(startedAt)}&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`,
        { token: gridworker.token },
      ),
      200,
      passRevocationPageSchema,
    );
    expect(second.items[0]!.passId).not.toBe(first.items[0]!.passId);
    expectError(
      await api('GET', `/v1/pass-revocations?since=${encodeURIComponent(startedAt)}&cursor=c1.xx.yy`, {
        token: gridworker.token,
      }),
      400,
      'INVALID_CURSOR',
    );
    expectError(
      await api('GET', '/v1/pass-revocations?since=yesterday', { token: gridworker.token }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await api('GET', '/v1/pass-revocations', { token: household.owner.token }),
      403,
      'FORBIDDEN_ROLE',
    );
  });
});

describe('caching', () => {
  const directives = (value: string | null) =>
    new Map(
      (value ?? '').split(',').map((d) => {
        const [name, arg] = d.trim().split('=');
        return [name!, arg === undefined ? true : Number(arg)] as const;
      }),
    );

  it('lets gates and proxies keep the public keys a few minutes, well inside a retired key’s 25 h', async () => {
    const res = await api('GET', '/v1/pass-keys', { token: household.owner.token });
    expect(res.status).toBe(200);
    const cc = directives(res.headers.get('cache-control'));
    expect(cc.get('public')).toBe(true);
    expect(cc.get('no-store')).toBeUndefined();
    // A rotation switches the signing key at once: a cached list misses the new key for at most this long.
    const maxAge = cc.get('max-age') as number;
    const stale = cc.get('stale-while-revalidate') as number;
    expect(maxAge).toBeGreaterThanOrEqual(60);
    expect(maxAge).toBeLessThanOrEqual(3600);
    expect(maxAge + stale).toBeLessThan(25 * 3600);
    expect(cc.get('stale-if-error')).toBeGreaterThan(0);
  });

  it('never caches a refusal of the keys, nor the revocation list', async () => {
    const refused = await api('GET', '/v1/pass-keys');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const revocations = await api('GET', '/v1/pass-revocations', { token: gridworker.token });
    expect(revocations.status).toBe(200);
    expect(revocations.headers.get('cache-control')).toBe('no-store');
  });
});

describe('paper', () => {
  it('prints the pass as a PDF for the gridworker of the grid only', async () => {
    const person = household.members[2]!.person.personId;
    const res = await fetch(`${stack().apiUrl}/v1/persons/${person}/pass/pdf`, {
      headers: { authorization: `Bearer ${gridworker.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expectError(
      await api('GET', `/v1/persons/${person}/pass/pdf`, { token: otherGridworker.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/persons/${person}/pass/pdf`, { token: household.owner.token }),
      403,
      'FORBIDDEN_ROLE',
    );
    const volunteer = await newStaff({ role: 'volunteer', grids: [grid] });
    expectError(
      await api('GET', `/v1/persons/${person}/pass/pdf`, { token: volunteer.token }),
      403,
      'FORBIDDEN_ROLE',
    );
  });
});
