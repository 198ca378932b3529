/**
 * Arranging data for the staff screens' browser tests through the API: households with pending
 * submissions, quarantined people, and the stream consumers drained so counters are current.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { makeIdNumber, PRIVACY_NOTICE } from '@grid/shared';
import { expect, inject } from 'vitest';
import { apiAs, type Call } from './h5-app';

export async function drainStreams(): Promise<void> {
  const { controlUrl } = inject('stack');
  const res = await fetch(`${controlUrl}/streams/drain`, { method: 'POST' });
  if (!res.ok) throw new Error(`drain failed: ${await res.text()}`);
}

const phone = () => `1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
const idNumber = () =>
  makeIdNumber(
    '370502',
    `19${randomInt(50, 99)}-0${randomInt(1, 10)}-1${randomInt(0, 9)}`,
    String(randomInt(100, 999)),
  );

export interface ArrangedHousehold {
  resident: Call;
  householdId: string;
  members: Array<{ personId: string; name: string }>;
}

/** A new resident's household of `names.length` members (the first with a phone) in the grid. */
export async function household(
  grid: string,
  names: string[],
  withPhones = true,
): Promise<ArrangedHousehold> {
  const tag = randomUUID().slice(0, 8);
  const resident = await apiAs(`e2e-staff-${tag}`);
  // As the app asks before a first report.
  const consent = await resident('POST', '/v1/me/privacy-consent', { version: PRIVACY_NOTICE.version });
  expect(consent.status, JSON.stringify(consent.body)).toBe(200);
  const created = await resident(
    'POST',
    '/v1/households',
    {
      address: `东营区 测试楼 ${tag} 号`,
      gridCode: grid,
      members: names.map((name, i) => ({
        name,
        relation: i === 0 ? 'self' : 'parent',
        idNumber: idNumber(),
        ...(withPhones || i === 0 ? { phone: phone() } : {}),
      })),
    },
    { 'idempotency-key': `e2e-${tag}` },
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const session = created.body.session as { token: string } | null;
  const members = created.body.members as Array<{ personId: string; name: string }>;
  // The household's own session reaches its members (the answer carries it).
  const own: Call = session
    ? async (method, path, body, headers = {}) => {
        const { apiUrl } = inject('stack');
        const r = await fetch(`${apiUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${session.token}`,
            'content-type': 'application/json',
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: r.status, body: (await r.json()) as Record<string, unknown> };
      }
    : resident;
  return { resident: own, householdId: String(created.body.householdId), members };
}

/** A check-in of one member now. */
export async function report(h: ArrangedHousehold, index: number, temperature: number): Promise<string> {
  const r = await h.resident(
    'POST',
    `/v1/persons/${h.members[index]!.personId}/health-reports`,
    { temperature },
    { 'idempotency-key': randomUUID().replaceAll('-', '') },
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return String(r.body.submissionId);
}

/** Every page of a paged list, as the API gives it. */
export async function allPages<T>(call: Call, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await call('GET', `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...(res.body.items as T[]));
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  return items;
}
