/**
 * A fresh resident household for a browser test, arranged through the API: signed in through the
 * fake WeChat as its own openid (so tests never share a household or a check-in slot), in the
 * first grid of demo-gw1, privacy notice accepted, optionally with its first member in home
 * quarantine.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { makeIdNumber, PRIVACY_NOTICE } from '@grid/shared';
import { expect } from 'vitest';
import { apiAs, type Call } from './h5-app';

export interface ResidentHousehold {
  openid: string;
  grid: string;
  householdId: string;
  /** The members as created, self first. */
  members: Array<{ personId: string; name: string }>;
  /** The resident, with a token taken after the household exists. */
  resident: Call;
  gridworker: Call;
}

const NAMES = ['张', '李', '刘', '陈', '杨', '黄', '赵', '周'];
const GIVEN = ['秀兰', '建华', '桂英', '国强', '玉梅', '志刚', '淑珍', '小宝'];

export function randomName(): string {
  return `${NAMES[randomInt(0, NAMES.length)]}${GIVEN[randomInt(0, GIVEN.length)]}`;
}

function randomPhone(): string {
  return `1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

export async function newResidentHousehold(
  options: { members?: number; quarantined?: boolean; tag?: string } = {},
): Promise<ResidentHousehold> {
  const tag = options.tag ?? randomUUID().slice(0, 8);
  const gridworker = await apiAs('demo-gw1');
  const grid = ((await gridworker('GET', '/v1/me')).body.scopes as string[])[0]!;
  const openid = `e2e-r13-${tag}`;
  const first = await apiAs(openid);
  const relations = ['self', 'spouse', 'parent', 'child'];
  const created = await first(
    'POST',
    '/v1/households',
    {
      address: `东营区文汇街道 幸福路 ${randomInt(1, 200)} 号`,
      gridCode: grid,
      members: Array.from({ length: options.members ?? 2 }, (_, i) => ({
        name: randomName(),
        relation: relations[i % relations.length],
        idNumber: makeIdNumber(
          '370502',
          `19${randomInt(40, 99)}-0${randomInt(1, 10)}-1${randomInt(0, 9)}`,
          String(randomInt(100, 999)),
        ),
        phone: randomPhone(),
      })),
    },
    { 'idempotency-key': `e2e-r13-${tag}-household` },
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const resident = await apiAs(openid);
  const consent = await resident('POST', '/v1/me/privacy-consent', { version: PRIVACY_NOTICE.version });
  expect(consent.status, JSON.stringify(consent.body)).toBe(200);
  const members = (created.body.members as Array<{ personId: string; name: string }>).map((m) => ({
    personId: m.personId,
    name: m.name,
  }));
  if (options.quarantined) {
    const placed = await gridworker('POST', '/v1/quarantines', {
      householdId: created.body.householdId,
      reason: 'close_contact',
      reasonNote: '密接',
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  }
  return { openid, grid, householdId: String(created.body.householdId), members, resident, gridworker };
}
