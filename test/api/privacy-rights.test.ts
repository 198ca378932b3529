/**
 * Residents' privacy rights over HTTP: consent to the privacy notice before a first report, break
 * the glass (full ID number and phone only with a reason the resident reads), and correction
 * requests resolved once by the grid's staff.
 *
 * Grids: this file makes its own in 王连村 (370502006202) of 胜园街道; only this file uses it.
 */
import { readFileSync } from 'node:fs';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  accessLogSchema,
  addDays,
  correctionPageSchema,
  correctionSchema,
  createHouseholdResponseSchema,
  gridSchema,
  healthReportListSchema,
  healthReportSchema,
  localDate,
  meSchema,
  PRIVACY_NOTICE,
  pendingPageSchema,
  personContactSchema,
  privacyConsentStateSchema,
  travelDeclarationSchema,
  unmaskedPersonSchema,
} from '@grid/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, login, newKey, stack } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  freshIdNumber,
  freshOpenid,
  freshPhone,
  maskedId,
  maskedPhone,
  memberInput,
  newGridworker,
  newHousehold,
  newStaff,
  postHealthReport,
  postHousehold,
  type Session,
  type StaffSession,
  type TestHousehold,
  unknownId,
} from './support/fixtures';
import { stackDynamo } from './support/in-process';

const VILLAGE = '370502006202';
const STREET = VILLAGE.slice(0, 9);
const OTHER_STREET = '370503002';
const TODAY = localDate(new Date());

let G: string;
let G2: string;
let gridworker: StaffSession;
let otherGridworker: StaffSession;
let volunteer: StaffSession;
let centre: StaffSession;
let otherCentre: StaffSession;
let admin: Session;
let home: TestHousehold;
let elsewhere: TestHousehold;
const dynamo = stackDynamo();
afterAll(() => dynamo.destroy());

/** Everything personal this file sent or was shown: none of it may reach the stack's log. */
const secrets: string[] = [];
const keep = <T extends string>(value: T): T => {
  secrets.push(value);
  return value;
};

async function newGrid(token: string): Promise<string> {
  const res = await api('POST', '/v1/grids', {
    token,
    body: { villageCode: VILLAGE, kind: 'basic', name: '隐私权利测试网格' },
  });
  return expectBody(res, 201, gridSchema).gridCode;
}

beforeAll(async () => {
  admin = await demo('demo-admin');
  [G, G2] = await Promise.all([newGrid(admin.token), newGrid(admin.token)]);
  [gridworker, otherGridworker, volunteer, centre, otherCentre, home, elsewhere] = await Promise.all([
    newGridworker(G),
    newGridworker(G2),
    newStaff({ role: 'volunteer', grids: [G] }),
    newStaff({ role: 'centre', regionCode: STREET }),
    newStaff({ role: 'centre', regionCode: OTHER_STREET }),
    newHousehold(G),
    newHousehold(G2),
  ]);
  for (const m of home.members) {
    keep(m.input.idNumber);
    if (m.input.phone) keep(m.input.phone);
  }
});

const me = async (token: string) => expectBody(await api('GET', '/v1/me', { token }), 200, meSchema);
const consent = (token: string, version: string) =>
  api('POST', '/v1/me/privacy-consent', { token, body: { version } });
const travel = (token: string, personId: string) =>
  api('POST', `/v1/persons/${personId}/travel-declarations`, {
    token,
    body: {
      originCode: '370503',
      departedOn: addDays(TODAY, -2),
      arrivedOn: addDays(TODAY, -1),
      transport: { kind: 'car' },
    },
    headers: { 'idempotency-key': newKey() },
  });
const reportsOf = async (token: string, personId: string) =>
  expectBody(
    await api('GET', `/v1/persons/${personId}/health-reports?from=${addDays(TODAY, -1)}&to=${TODAY}`, {
      token,
    }),
    200,
    healthReportListSchema,
  ).items;
const accessLog = async (token: string) =>
  expectBody(await api('GET', '/v1/me/access-log', { token }), 200, accessLogSchema).items;

/** A resident who signed in and registered a household in G, but never saw the notice. */
async function residentWithoutConsent() {
  const session = await login(freshOpenid('noconsent'));
  const household = expectBody(
    await postHousehold(session.token, { gridCode: G, members: [memberInput('self')] }),
    201,
    createHouseholdResponseSchema,
  );
  return { token: household.session!.token, userId: session.user.userId, household };
}

// ---------------------------------------------------------------- consent

describe('consent to the privacy notice', () => {
  it('is part of GET /v1/me: a new resident has accepted nothing yet', async () => {
    const fresh = await login(freshOpenid('me'));
    const body = await me(fresh.token);
    expect(body.userId).toBe(fresh.user.userId);
    expect(body.privacyConsent).toEqual({
      currentVersion: PRIVACY_NOTICE.version,
      acceptedVersion: null,
      acceptedAt: null,
      upToDate: false,
    });
  });

  it('is required before a resident’s first report or declaration: 403 CONSENT_REQUIRED, nothing written', async () => {
    const r = await residentWithoutConsent();
    const personId = r.household.members[0]!.personId;
    const refused = expectError(
      await postHealthReport(r.token, personId, { temperature: 36.6 }),
      403,
      'CONSENT_REQUIRED',
    );
    expect(refused.details).toEqual({ currentVersion: PRIVACY_NOTICE.version });
    expectError(await travel(r.token, personId), 403, 'CONSENT_REQUIRED');

    expect(await reportsOf(r.token, personId)).toEqual([]);
    for (const type of ['health', 'travel']) {
      const pending = expectBody(
        await api('GET', `/v1/grids/${G}/pending?type=${type}&limit=50`, { token: gridworker.token }),
        200,
        pendingPageSchema,
      );
      expect(pending.items.some((i) => i.personId === personId)).toBe(false);
    }
  });

  it('refuses a version that is not the current one with 409 PRIVACY_NOTICE_OUTDATED', async () => {
    const r = await residentWithoutConsent();
    const error = expectError(await consent(r.token, '2020-01-01'), 409, 'PRIVACY_NOTICE_OUTDATED');
    expect(error.details).toEqual({ currentVersion: PRIVACY_NOTICE.version });
    expect((await me(r.token)).privacyConsent.acceptedVersion).toBeNull();
    expectError(await consent(r.token, ''), 400, 'VALIDATION_FAILED');
  });

  it('records the current version with its time; repeating it changes nothing; then reports go through', async () => {
    const r = await residentWithoutConsent();
    const before = Date.now();
    const first = expectBody(await consent(r.token, PRIVACY_NOTICE.version), 200, privacyConsentStateSchema);
    expect(first).toMatchObject({
      currentVersion: PRIVACY_NOTICE.version,
      acceptedVersion: PRIVACY_NOTICE.version,
      upToDate: true,
    });
    expect(Date.parse(first.acceptedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(first.acceptedAt!)).toBeLessThanOrEqual(Date.now() + 1000);

    const again = expectBody(await consent(r.token, PRIVACY_NOTICE.version), 200, privacyConsentStateSchema);
    expect(again).toEqual(first);
    expect((await me(r.token)).privacyConsent).toEqual(first);

    const personId = r.household.members[0]!.personId;
    expectBody(await postHealthReport(r.token, personId, { temperature: 36.6 }), 201, healthReportSchema);
    expectBody(await travel(r.token, personId), 201, travelDeclarationSchema);
  });

  it('asks again when the notice changed: an older accepted version counts as none', async () => {
    const r = await residentWithoutConsent();
    // The user item as a resident who accepted last year's notice has it.
    await dynamo.send(
      new UpdateItemCommand({
        TableName: stack().tableName,
        Key: { pk: { S: `USER#${r.userId}` }, sk: { S: 'USER' } },
        UpdateExpression: 'SET privacyConsent = :c',
        ExpressionAttributeValues: {
          ':c': { M: { version: { S: '2025-01-01' }, acceptedAt: { S: '2025-01-01T08:00:00.000Z' } } },
        },
      }),
    );
    expect((await me(r.token)).privacyConsent).toEqual({
      currentVersion: PRIVACY_NOTICE.version,
      acceptedVersion: '2025-01-01',
      acceptedAt: '2025-01-01T08:00:00.000Z',
      upToDate: false,
    });
    const personId = r.household.members[0]!.personId;
    expectError(await postHealthReport(r.token, personId, { temperature: 36.6 }), 403, 'CONSENT_REQUIRED');

    expectBody(await consent(r.token, PRIVACY_NOTICE.version), 200, privacyConsentStateSchema);
    const stored = await dynamo.send(
      new GetItemCommand({
        TableName: stack().tableName,
        Key: { pk: { S: `USER#${r.userId}` }, sk: { S: 'USER' } },
      }),
    );
    // The acceptance is appended to the user's history and is the one in force.
    expect(stored.Item?.privacyConsentHistory?.L?.map((c) => c.M?.version?.S)).toEqual([
      PRIVACY_NOTICE.version,
    ]);
    expect(stored.Item?.privacyConsent?.M?.version?.S).toBe(PRIVACY_NOTICE.version);
    expectBody(await postHealthReport(r.token, personId, { temperature: 36.6 }), 201, healthReportSchema);
  });

  it('does not block staff reporting for a household whose resident has not accepted', async () => {
    const r = await residentWithoutConsent();
    const personId = r.household.members[0]!.personId;
    const report = expectBody(
      await postHealthReport(gridworker.token, personId, { temperature: 36.8 }),
      201,
      healthReportSchema,
    );
    expect(report.reporter.kind).toBe('staff');
    expectBody(await travel(gridworker.token, personId), 201, travelDeclarationSchema);
  });

  it('is a resident’s to give: staff get 403 FORBIDDEN_ROLE', async () => {
    expectError(await consent(gridworker.token, PRIVACY_NOTICE.version), 403, 'FORBIDDEN_ROLE');
  });
});

// ---------------------------------------------------------------- break the glass

describe('POST /v1/persons/{personId}/unmask (break the glass)', () => {
  const reason = '流调需要核对完整身份证号与手机号码';
  const unmask = (token: string, personId: string, body: unknown = { reason, purpose: 'contact_tracing' }) =>
    api('POST', `/v1/persons/${personId}/unmask`, { token, body });

  it('answers the full ID number and phone to the grid’s gridworker, the centre in scope and the admin', async () => {
    const self = home.members[0]!;
    for (const caller of [gridworker, centre, admin]) {
      const body = expectBody(await unmask(caller.token, self.person.personId), 200, unmaskedPersonSchema);
      expect(body).toMatchObject({
        personId: self.person.personId,
        name: self.input.name,
        idNumber: self.input.idNumber,
        phone: self.input.phone,
        purpose: 'contact_tracing',
      });
    }
    const elder = home.members[2]!;
    const noPhone = expectBody(
      await unmask(gridworker.token, elder.person.personId, { reason, purpose: 'medical' }),
      200,
      unmaskedPersonSchema,
    );
    expect(noPhone).toMatchObject({ idNumber: elder.input.idNumber, phone: null });
  });

  it('requires a reason of 10–200 characters and a purpose', async () => {
    const personId = home.members[0]!.person.personId;
    for (const bad of ['太短了', '  看一下  ', 'x'.repeat(201)]) {
      expectError(
        await unmask(gridworker.token, personId, { reason: bad, purpose: 'other' }),
        400,
        'UNMASK_REASON_INVALID',
      );
    }
    expectError(await unmask(gridworker.token, personId, { reason }), 400, 'VALIDATION_FAILED');
    expectError(
      await unmask(gridworker.token, personId, { reason, purpose: 'curiosity' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses residents and volunteers (role) and staff outside the person’s grid (scope)', async () => {
    const personId = home.members[0]!.person.personId;
    expectError(await unmask(home.owner.token, personId), 403, 'FORBIDDEN_ROLE');
    expectError(await unmask(volunteer.token, personId), 403, 'FORBIDDEN_ROLE');
    expectError(await unmask(otherGridworker.token, personId), 403, 'FORBIDDEN_SCOPE');
    expectError(await unmask(otherCentre.token, personId), 403, 'FORBIDDEN_SCOPE');
    expectError(await unmask(gridworker.token, unknownId()), 403, 'FORBIDDEN_SCOPE');
  });

  it('is in the resident’s access log with who, why and what for; refusals and the one-tap call stay as they were', async () => {
    const household = await newHousehold(G);
    const person = household.members[1]!.person;
    const why = '居家隔离转运需要核对身份证件信息';
    expectBody(
      await unmask(gridworker.token, person.personId, { reason: why, purpose: 'quarantine' }),
      200,
      unmaskedPersonSchema,
    );
    expectError(await unmask(otherGridworker.token, person.personId), 403, 'FORBIDDEN_SCOPE');
    // The gridworker's one-tap call: the phone without a reason, as before.
    const contact = expectBody(
      await api('GET', `/v1/persons/${person.personId}/contact`, { token: gridworker.token }),
      200,
      personContactSchema,
    );
    expect(contact.phone).toBe(household.members[1]!.input.phone);

    const log = (await accessLog(household.owner.token)).filter((e) => e.personId === person.personId);
    expect(log.map((e) => e.action).sort()).toEqual(['getPersonContact', 'unmaskPerson']);
    expect(log.find((e) => e.action === 'unmaskPerson')).toMatchObject({
      personName: person.name,
      byRole: 'gridworker',
      byName: gridworker.staff.name,
      reason: why,
      purpose: 'quarantine',
    });
    expect(log.find((e) => e.action === 'getPersonContact')).toMatchObject({ reason: null, purpose: null });
  });
});

// ---------------------------------------------------------------- correction requests

describe('correction requests', () => {
  const request = (token: string, body: unknown, key = newKey()) =>
    api('POST', '/v1/me/corrections', { token, body, headers: { 'idempotency-key': key } });
  const mine = async (token: string) =>
    expectBody(await api('GET', '/v1/me/corrections?limit=50', { token }), 200, correctionPageSchema).items;
  const gridList = async (token: string, grid = G) =>
    expectBody(
      await api('GET', `/v1/grids/${grid}/corrections?limit=100`, { token }),
      200,
      correctionPageSchema,
    ).items;
  const resolve = (
    token: string,
    id: string,
    body: unknown = { outcome: 'applied', note: '已用修改成员更正' },
  ) => api('POST', `/v1/corrections/${id}/resolve`, { token, body });

  it('are recorded with who and when; an ID number or phone is stored encrypted and answered masked', async () => {
    const household = await newHousehold(G);
    const spouse = household.members[1]!;
    const rightId = keep(freshIdNumber());
    const rightPhone = keep(freshPhone());
    const before = new Date().toISOString();

    const byId = expectBody(
      await request(household.owner.token, {
        personId: spouse.person.personId,
        field: 'idNumber',
        proposedValue: rightId.toLowerCase(),
        reason: '登记时身份证号输错了两位',
      }),
      201,
      correctionSchema,
    );
    expect(byId).toMatchObject({
      householdId: household.household.householdId,
      personId: spouse.person.personId,
      personName: spouse.person.name,
      gridCode: G,
      field: 'idNumber',
      proposedValue: maskedId(rightId),
      reason: '登记时身份证号输错了两位',
      status: 'open',
      requestedBy: { userId: household.owner.user.userId, role: 'resident' },
      resolution: null,
    });
    expect(byId.requestedAt >= before).toBe(true);

    const byPhone = expectBody(
      await request(household.owner.token, {
        personId: spouse.person.personId,
        field: 'phone',
        proposedValue: rightPhone,
        reason: '换了新手机号',
      }),
      201,
      correctionSchema,
    );
    expect(byPhone.proposedValue).toBe(maskedPhone(rightPhone));
    const byName = expectBody(
      await request(household.owner.token, {
        personId: spouse.person.personId,
        field: 'name',
        proposedValue: '李秀英',
        reason: '名字写成了同音字',
      }),
      201,
      correctionSchema,
    );
    expect(byName.proposedValue).toBe('李秀英');

    // At rest: ciphertext only, for every field.
    for (const c of [byId, byPhone, byName]) {
      const [, householdId, seq] = c.correctionId.split('.');
      const stored = await dynamo.send(
        new GetItemCommand({
          TableName: stack().tableName,
          Key: { pk: { S: `HH#${householdId}` }, sk: { S: `CORR#${seq}` } },
        }),
      );
      const text = JSON.stringify(stored.Item);
      expect(stored.Item?.proposedValueEnc?.S).toBeTruthy();
      expect(text).not.toContain(rightId);
      expect(text).not.toContain(rightPhone);
      expect(text).not.toContain('李秀英');
    }

    const listed = await mine(household.owner.token);
    expect(listed.map((c) => c.correctionId)).toEqual([byName, byPhone, byId].map((c) => c.correctionId));
    expect(listed.map((c) => c.proposedValue)).toEqual([
      '李秀英',
      maskedPhone(rightPhone),
      maskedId(rightId),
    ]);
  });

  it('check what they can: a malformed ID number or phone, another household’s member, no key', async () => {
    const personId = home.members[0]!.person.personId;
    const base = { personId, reason: '信息有误' };
    expectError(
      await request(home.owner.token, { ...base, field: 'idNumber', proposedValue: '37050219900101123' }),
      400,
      'ID_NUMBER_INVALID',
    );
    expectError(
      await request(home.owner.token, { ...base, field: 'phone', proposedValue: '12345' }),
      400,
      'PHONE_INVALID',
    );
    expectError(
      await request(home.owner.token, { ...base, field: 'name', proposedValue: '' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await request(home.owner.token, {
        ...base,
        personId: elsewhere.members[0]!.person.personId,
        field: 'name',
        proposedValue: '张三',
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    const noKey = await api('POST', '/v1/me/corrections', {
      token: home.owner.token,
      body: { ...base, field: 'name', proposedValue: '张三' },
    });
    expectError(noKey, 400, 'IDEMPOTENCY_KEY_REQUIRED');
    expectError(
      await request(gridworker.token, { ...base, field: 'name', proposedValue: '张三' }),
      403,
      'FORBIDDEN_ROLE',
    );
  });

  it('are idempotent: a retry answers the original, another body under the key is 422', async () => {
    const key = newKey();
    const body = {
      personId: home.members[2]!.person.personId,
      field: 'relation',
      proposedValue: '岳父',
      reason: '关系填错了',
    };
    const first = expectBody(await request(home.owner.token, body, key), 201, correctionSchema);
    const retry = expectBody(await request(home.owner.token, body, key), 200, correctionSchema);
    expect(retry).toEqual(first);
    expectError(
      await request(home.owner.token, { ...body, proposedValue: '公公' }, key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect((await mine(home.owner.token)).filter((c) => c.correctionId === first.correctionId)).toHaveLength(
      1,
    );
  });

  it('are listed open, oldest first, for the grid’s staff in scope (an audited read), never for others', async () => {
    const household = await newHousehold(G);
    const self = household.members[0]!;
    const rightId = keep(freshIdNumber());
    const made: string[] = [];
    for (const [field, proposedValue] of [
      ['name', '王小二'],
      ['idNumber', rightId],
    ] as const) {
      const c = expectBody(
        await request(household.owner.token, {
          personId: self.person.personId,
          field,
          proposedValue,
          reason: '信息有误请更正',
        }),
        201,
        correctionSchema,
      );
      made.push(c.correctionId);
    }
    for (const caller of [gridworker, centre, admin]) {
      const ours = (await gridList(caller.token)).filter((c) => made.includes(c.correctionId));
      expect(ours.map((c) => c.correctionId)).toEqual(made);
      expect(ours[1]!.proposedValue).toBe(maskedId(rightId));
      expect(ours.every((c) => c.status === 'open')).toBe(true);
    }
    expect((await gridList(otherGridworker.token, G2)).some((c) => made.includes(c.correctionId))).toBe(
      false,
    );
    expectError(
      await api('GET', `/v1/grids/${G}/corrections`, { token: otherGridworker.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/grids/${G}/corrections`, { token: otherCentre.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/grids/${G}/corrections`, { token: volunteer.token }),
      403,
      'FORBIDDEN_ROLE',
    );
    expectError(
      await api('GET', `/v1/grids/${G}/corrections`, { token: household.owner.token }),
      403,
      'FORBIDDEN_ROLE',
    );

    const log = (await accessLog(household.owner.token)).filter((e) => e.action === 'listGridCorrections');
    expect(new Set(log.map((e) => e.byRole))).toEqual(new Set(['gridworker', 'centre', 'admin']));
    expect(log.every((e) => e.personId === self.person.personId)).toBe(true);
  });

  it('are resolved once, with who, when and a note; the resident sees the outcome; a second resolution is 409', async () => {
    const household = await newHousehold(G);
    const person = household.members[1]!.person;
    const opened = expectBody(
      await request(household.owner.token, {
        personId: person.personId,
        field: 'name',
        proposedValue: '张秀兰',
        reason: '名字写错一个字',
      }),
      201,
      correctionSchema,
    );
    expectError(await resolve(otherGridworker.token, opened.correctionId), 403, 'FORBIDDEN_SCOPE');
    expectError(await resolve(otherCentre.token, opened.correctionId), 403, 'FORBIDDEN_SCOPE');
    expectError(await resolve(volunteer.token, opened.correctionId), 403, 'FORBIDDEN_ROLE');
    expectError(await resolve(household.owner.token, opened.correctionId), 403, 'FORBIDDEN_ROLE');
    expectError(
      await resolve(gridworker.token, `C.${household.household.householdId}.${unknownId()}`),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await resolve(gridworker.token, opened.correctionId, { outcome: 'done', note: '好' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await resolve(gridworker.token, opened.correctionId, { outcome: 'applied', note: '' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await api('POST', '/v1/corrections/not-an-id/resolve', {
        token: gridworker.token,
        body: { outcome: 'applied', note: '好' },
      }),
      400,
      'VALIDATION_FAILED',
    );

    const before = new Date().toISOString();
    const note = '已电话核实，已用修改成员更正姓名';
    const resolved = expectBody(
      await resolve(gridworker.token, opened.correctionId, { outcome: 'applied', note }),
      200,
      correctionSchema,
    );
    expect(resolved).toMatchObject({
      correctionId: opened.correctionId,
      status: 'applied',
      proposedValue: '张秀兰',
      resolution: { outcome: 'applied', note, byUserId: gridworker.user.userId, byRole: 'gridworker' },
    });
    expect(resolved.resolution!.at >= before).toBe(true);

    const again = expectError(
      await resolve(centre.token, opened.correctionId),
      409,
      'CORRECTION_ALREADY_RESOLVED',
    );
    expect(again.details).toEqual({ status: 'applied' });
    expect((await gridList(gridworker.token)).some((c) => c.correctionId === opened.correctionId)).toBe(
      false,
    );
    const seen = (await mine(household.owner.token)).find((c) => c.correctionId === opened.correctionId);
    expect(seen).toEqual(resolved);
  });

  it('are resolved exactly once when two staff resolve at the same time', async () => {
    const household = await newHousehold(G);
    const opened = expectBody(
      await request(household.owner.token, {
        personId: household.members[0]!.person.personId,
        field: 'other',
        proposedValue: '门牌号应为 12 号',
        reason: '地址门牌号不对',
      }),
      201,
      correctionSchema,
    );
    const answers: ApiResponse[] = await Promise.all([
      resolve(gridworker.token, opened.correctionId, { outcome: 'rejected', note: '核实后信息无误' }),
      resolve(centre.token, opened.correctionId, { outcome: 'applied', note: '已更正' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = correctionSchema.parse(answers.find((a) => a.status === 200)!.body);
    const [stored] = (await mine(household.owner.token)).filter(
      (c) => c.correctionId === opened.correctionId,
    );
    expect(stored).toEqual(winner);
  });
});

// ---------------------------------------------------------------- logs

describe('the stack’s log', () => {
  it('holds none of the unmasked numbers or proposed values this file sent or was shown', () => {
    const log = readFileSync(stack().logFile, 'utf8');
    expect(log).toContain('unmaskPerson');
    expect(secrets.length).toBeGreaterThan(6);
    for (const secret of secrets)
      expect(log.includes(secret), `the log holds ${secret.slice(0, 4)}…`).toBe(false);
  });
});
