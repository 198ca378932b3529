/**
 * Personal data never reaches the logs: this file sends ID numbers, phones, names and tokens
 * through every kind of request, accepted and refused, then reads what the stack logged.
 */
import { readFileSync } from 'node:fs';
import {
  addDays,
  healthReportSchema,
  localDate,
  personSchema,
  staffSchema,
  travelDeclarationSchema,
} from '@grid/shared';
import { describe, expect, it } from 'vitest';
import { api, drainStreams, newKey, stack } from './support/client';
import {
  createStaff,
  demo,
  expectBody,
  expectError,
  freshIdNumber,
  freshPhone,
  GRIDS,
  memberInput,
  newGridworker,
  newHousehold,
  newResident,
  postHealthReport,
  postHousehold,
} from './support/fixtures';

describe('the stack’s logs', () => {
  it('hold no ID number, phone, name or token that the requests carried', async () => {
    const secrets: string[] = [];
    const keep = <T extends string | undefined>(value: T): T => {
      if (value) secrets.push(value);
      return value;
    };
    const uniqueName = (n: number) => keep(`日志${newKey().slice(0, 6)}${n}`);

    // A household with personal data, a member added and changed, reports and a declaration.
    const members = [1, 2].map((n) => memberInput(n === 1 ? 'self' : 'spouse', { name: uniqueName(n) }));
    for (const m of members) {
      keep(m.idNumber);
      keep(m.phone);
    }
    const h = await newHousehold(GRIDS.logs, members);
    keep(h.owner.token);
    const added = memberInput('child', { name: uniqueName(3) });
    keep(added.idNumber);
    keep(added.phone);
    const child = expectBody(
      await api('POST', `/v1/households/${h.household.householdId}/members`, {
        headers: { 'idempotency-key': newKey() },
        token: h.owner.token,
        body: added,
      }),
      201,
      personSchema,
    );
    const newPhone = keep(freshPhone());
    expectBody(
      await api('PATCH', `/v1/households/${h.household.householdId}/members/${child.personId}`, {
        token: h.owner.token,
        body: { phone: newPhone, version: 1 },
      }),
      200,
      personSchema,
    );
    const note = keep(`体温正常-${newKey().slice(0, 8)}`);
    expectBody(
      await postHealthReport(h.owner.token, child.personId, { temperature: 37.5, note }),
      201,
      healthReportSchema,
    );
    const companion = uniqueName(4);
    expectBody(
      await api('POST', `/v1/persons/${child.personId}/travel-declarations`, {
        token: h.owner.token,
        body: {
          originCode: '370502',
          departedOn: addDays(localDate(new Date()), -3),
          arrivedOn: addDays(localDate(new Date()), -2),
          transport: { kind: 'car', number: '鲁E88888' },
          companions: [companion],
        },
        headers: { 'idempotency-key': newKey() },
      }),
      201,
      travelDeclarationSchema,
    );

    // Staff: registered with a phone, bound through WeChat, reading a full phone.
    const gridworker = await newGridworker(GRIDS.logs);
    keep(gridworker.phone);
    keep(gridworker.token);
    const contact = await api<{ phone: string }>(
      'GET',
      `/v1/persons/${h.members[0]!.person.personId}/contact`,
      {
        token: gridworker.token,
      },
    );
    expect(contact.body.phone).toBe(members[0]!.phone);
    const admin = await demo('demo-admin');
    keep(admin.token);
    const staffPhone = keep(freshPhone());
    expectBody(
      await createStaff(admin.token, {
        role: 'centre',
        name: uniqueName(5),
        phone: staffPhone,
        regionCode: '370502',
      }),
      201,
      staffSchema,
    );
    expectError(
      await createStaff(admin.token, {
        role: 'centre',
        name: '重复',
        phone: staffPhone,
        regionCode: '370502',
      }),
      409,
      'STAFF_PHONE_EXISTS',
    );

    // Refusals carrying personal data: invalid, duplicated, out of scope, unknown.
    const resident = await newResident('logs');
    keep(resident.token);
    const valid = freshIdNumber();
    const wrongCheck = keep(`${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`);
    const badPhone = keep(`12${freshPhone().slice(2)}`);
    expectError(
      await postHousehold(resident.token, {
        gridCode: GRIDS.logs,
        members: [{ ...memberInput('self'), idNumber: wrongCheck }],
      }),
      400,
      'ID_NUMBER_INVALID',
    );
    expectError(
      await postHousehold(resident.token, {
        gridCode: GRIDS.logs,
        members: [memberInput('self', { phone: badPhone })],
      }),
      400,
      'PHONE_INVALID',
    );
    expectError(
      await api('POST', `/v1/households/${h.household.householdId}/members`, {
        headers: { 'idempotency-key': newKey() },
        token: h.owner.token,
        body: { ...added, name: '重复' },
      }),
      409,
      'PERSON_EXISTS',
    );
    expectError(
      await api('POST', `/v1/households/${h.household.householdId}/members`, {
        headers: { 'idempotency-key': newKey() },
        token: resident.token,
        body: memberInput('other'),
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    const unknownPhone = keep(freshPhone());
    expectError(
      await api('POST', '/v1/auth/phone', {
        token: resident.token,
        body: { code: `test-phone:${unknownPhone}` },
      }),
      404,
      'STAFF_NOT_FOUND',
    );
    expectError(await api('GET', '/v1/me', { token: `${resident.token}x` }), 401, 'TOKEN_INVALID');

    await drainStreams();
    // The local server logs a line after answering; give the last ones a moment to land.
    await new Promise((r) => setTimeout(r, 200));
    const log = readFileSync(stack().logFile, 'utf8');

    // The log is live: it recorded this file's requests (by route, never by content).
    expect(log).toContain('"routeKey":"POST /v1/households/{householdId}/members"');
    expect(log).toContain('"code":"ID_NUMBER_INVALID"');
    expect(secrets.length).toBeGreaterThan(15);
    for (const secret of secrets)
      expect(log.includes(secret), `the log holds ${secret.slice(0, 4)}…`).toBe(false);
    expect(log).not.toMatch(/bearer\s/i);
    expect(log).not.toContain('authorization');

    // Every successful write is recorded: who, what, when, which request (ids only).
    const writes = log
      .split('\n')
      .filter((line) => line.includes('"write recorded"'))
      .map((line) => JSON.parse(line) as { audit: Record<string, unknown> });
    const declared = writes.find(
      (w) =>
        w.audit.operation === 'submitTravelDeclaration' &&
        (w.audit.targets as Record<string, string>).personId === child.personId,
    );
    expect(declared?.audit).toMatchObject({ byUserId: h.owner.user.userId, byRole: 'resident', status: 201 });
    expect(declared?.audit.requestId).toEqual(expect.any(String));
    expect(declared?.audit.at).toEqual(expect.any(String));
  });
});
