/**
 * Ids are minted at the request's clock (functions/src/lib/ids.ts newId(now)), not the wall clock:
 * a ULID's first 10 characters are its time, so a request run at another instant (x-local-now in the
 * local runtime, a replay, a test with a fixed clock) mints ids that sort by the time the use case
 * saw. Each create below runs two days ahead; every id it returns must carry that instant.
 */
import {
  createHouseholdResponseSchema,
  followUpSchema,
  loginResponseSchema,
  quarantineListSchema,
  staffSchema,
} from '@grid/shared';
import { describe, expect, it } from 'vitest';
import { api, newKey } from './support/client';
import {
  defaultMembers,
  demo,
  expectBody,
  freshOpenid,
  freshPhone,
  GRIDS,
  newGridworker,
  newResident,
} from './support/fixtures';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The millisecond a ULID was minted at. */
const ulidTime = (id: string) => [...id.slice(0, 10)].reduce((t, c) => t * 32 + CROCKFORD.indexOf(c), 0);

const AT = new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * 86_400_000 + 123);
const clock = { 'x-local-now': AT.toISOString() };

describe('ids minted at the request’s clock', () => {
  it('a first WeChat sign-in’s user', async () => {
    const res = await api('POST', '/v1/auth/wechat', {
      body: { code: `test:${freshOpenid('ids')}` },
      headers: clock,
    });
    expect(ulidTime(expectBody(res, 200, loginResponseSchema).user.userId)).toBe(AT.getTime());
  });

  it('a staff member the admin registers', async () => {
    const admin = await demo('demo-admin');
    const res = await api('POST', '/v1/staff', {
      token: admin.token,
      body: { role: 'gridworker', name: '时钟测试', phone: freshPhone(), gridCodes: [GRIDS.staff] },
      headers: clock,
    });
    expect(ulidTime(expectBody(res, 201, staffSchema).userId)).toBe(AT.getTime());
  });

  it('a household, its members, their quarantine and its follow-up', async () => {
    const resident = await newResident('ids');
    const created = expectBody(
      await api('POST', '/v1/households', {
        token: resident.token,
        body: { address: '东营区测试路 9 号', gridCode: GRIDS.quarantine, members: defaultMembers() },
        headers: { 'idempotency-key': newKey(), ...clock },
      }),
      201,
      createHouseholdResponseSchema,
    );
    expect(ulidTime(created.householdId)).toBe(AT.getTime());
    for (const member of created.members) expect(ulidTime(member.personId)).toBe(AT.getTime());

    const gridworker = await newGridworker(GRIDS.quarantine);
    const placed = expectBody(
      await api('POST', '/v1/quarantines', {
        token: gridworker.token,
        body: { personIds: [created.members[0]!.personId], reason: 'close_contact' },
        headers: clock,
      }),
      201,
      quarantineListSchema,
    );
    const quarantineId = placed.items[0]!.quarantineId;
    expect(ulidTime(quarantineId)).toBe(AT.getTime());

    const followUp = expectBody(
      await api('POST', `/v1/quarantines/${quarantineId}/follow-ups`, {
        token: gridworker.token,
        body: { method: 'phone', temperature: 36.6 },
        headers: { 'idempotency-key': newKey(), ...clock },
      }),
      201,
      followUpSchema,
    );
    expect(ulidTime(followUp.followUpId)).toBe(AT.getTime());
  });
});
