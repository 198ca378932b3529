import type { HealthReport } from '@grid/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../src/services/http';
import { flushOutbox, makeSubmission, outboxItems, submitOrQueue } from '../src/services/outbox';
import { currentSession, installSessionAuth, saveSession } from '../src/services/session';
import { taroDouble } from './doubles/taro';
import {
  type Answer,
  errorBody,
  loginAnswer,
  type Recorded,
  residentUser,
  startApi,
  type TestApi,
} from './support/api-server';

const PERSON = '01HPERSON00000000000000000';

const report = (temperature: number, key: string): HealthReport => ({
  submissionId: `H.${PERSON}.20250101.m`,
  personId: PERSON,
  gridCode: '370502001001001',
  date: '2025-01-01',
  slot: 'morning',
  temperature,
  fever: temperature >= 37.3,
  symptoms: [],
  note: key,
  measuredAt: '2025-01-01T00:00:00.000Z',
  reportedAt: '2025-01-01T00:00:00.000Z',
  reporter: { userId: 'u', role: 'resident', kind: 'self' },
  verification: { status: 'pending' },
});

let api: TestApi | undefined;
let answer: (req: Recorded) => Answer;

beforeEach(async () => {
  taroDouble.reset();
  installSessionAuth();
  saveSession(loginAnswer('token-1'));
  answer = () => 'drop';
  api = await startApi((req) => answer(req));
  window.localStorage.setItem('apiBase', api.url);
});

afterEach(async () => {
  await api?.close();
});

const checkin = (temperature: number) =>
  makeSubmission(
    'health',
    { personId: PERSON, body: { temperature, symptoms: [], measuredAt: new Date().toISOString() } },
    `王建国 ${temperature}`,
  );

const ok = (req: Recorded): Answer => {
  const body = req.body as { temperature: number };
  return { status: 201, body: report(body.temperature, String(req.headers['idempotency-key'])) };
};

describe('outbox', () => {
  it('sends at once when the API answers', async () => {
    answer = ok;
    const result = await submitOrQueue(checkin(36.5));
    expect(result.state).toBe('sent');
    expect(outboxItems()).toEqual([]);
  });

  it('queues a submission that got no answer, keeping its idempotency key', async () => {
    const submission = checkin(36.6);
    const result = await submitOrQueue(submission);
    expect(result).toEqual({ state: 'queued' });
    expect(outboxItems()).toHaveLength(1);
    expect(outboxItems()[0]?.submission).toEqual(submission);
    expect(api?.requests[0]?.headers['idempotency-key']).toBe(submission.idempotencyKey);
    expect(submission.idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('does not queue a refusal (4xx): the caller gets the API error', async () => {
    answer = () => ({ status: 400, body: errorBody('TEMPERATURE_OUT_OF_RANGE') });
    await expect(submitOrQueue(checkin(36.5))).rejects.toBeInstanceOf(ApiError);
    expect(outboxItems()).toEqual([]);
  });

  it('flushes oldest first with the keys made at submit time, the same bodies, and empties the queue', async () => {
    const subs = [checkin(36.5), checkin(36.7), checkin(37.9)];
    for (const s of subs) await submitOrQueue(s);
    expect(outboxItems()).toHaveLength(3);
    api!.requests.length = 0;

    answer = ok;
    const result = await flushOutbox();
    expect(result).toEqual({ synced: 3, remaining: 0 });
    expect(api!.requests.map((r) => r.headers['idempotency-key'])).toEqual(subs.map((s) => s.idempotencyKey));
    expect(api!.requests.map((r) => r.body)).toEqual(subs.map((s) => s.payload.body));
    expect(outboxItems()).toEqual([]);
  });

  it('stops at the first submission still without an answer and keeps the rest in order', async () => {
    const subs = [checkin(36.5), checkin(36.7), checkin(36.8)];
    for (const s of subs) await submitOrQueue(s);
    let calls = 0;
    answer = (req) => (++calls === 1 ? ok(req) : 'drop');
    const result = await flushOutbox();
    expect(result).toEqual({ synced: 1, remaining: 2 });
    expect(outboxItems().map((i) => i.submission.idempotencyKey)).toEqual(
      subs.slice(1).map((s) => s.idempotencyKey),
    );
    expect(outboxItems()[0]?.attempts).toBe(2);
    expect(outboxItems()[0]?.error).toBeNull();
  });

  it('counts 409 ALREADY_REPORTED on a retry as done: the first attempt had landed', async () => {
    await submitOrQueue(checkin(36.5));
    answer = () => ({ status: 409, body: errorBody('ALREADY_REPORTED') });
    expect(await flushOutbox()).toEqual({ synced: 1, remaining: 0 });
    expect(outboxItems()).toEqual([]);
  });

  it('keeps a submission refused on retry visible with the reason, and goes on with the next', async () => {
    const subs = [checkin(36.5), checkin(36.6)];
    for (const s of subs) await submitOrQueue(s);
    answer = (req) =>
      req.headers['idempotency-key'] === subs[0]!.idempotencyKey
        ? { status: 403, body: errorBody('FORBIDDEN_SCOPE') }
        : ok(req);
    expect(await flushOutbox()).toEqual({ synced: 1, remaining: 0 });
    expect(outboxItems()).toHaveLength(1);
    expect(outboxItems()[0]).toMatchObject({ error: '超出您的管辖范围' });
    expect(outboxItems()[0]?.submission.idempotencyKey).toBe(subs[0]!.idempotencyKey);
  });

  it('adopts the new session a queued household registration brings back', async () => {
    const submission = makeSubmission(
      'household',
      { body: { address: '府前街 12 号', gridCode: '370502001001001', members: [] } },
      '府前街 12 号',
    );
    await submitOrQueue(submission);
    answer = (req) => {
      if (req.path === '/v1/households') {
        return {
          status: 201,
          body: {
            householdId: 'H1',
            address: '府前街 12 号',
            gridCode: '370502001001001',
            members: [],
            createdAt: '2025-01-01T00:00:00.000Z',
            session: { token: 'token-with-household', expiresAt: '2030-01-01T00:00:00.000Z' },
          },
        };
      }
      return req.path === '/v1/me' && req.headers.authorization === 'Bearer token-with-household'
        ? { status: 200, body: residentUser({ householdId: 'H1', personId: PERSON }) }
        : { status: 401, body: errorBody('TOKEN_INVALID') };
    };
    await flushOutbox();
    expect(currentSession()?.token).toBe('token-with-household');
    expect(currentSession()?.user.householdId).toBe('H1');
  });

  it('replays a family member whose answer was lost under its first key, and the API’s replay empties it', async () => {
    const body = { name: '陈小宝', relation: 'child' as const, idNumber: '370502201506013181' };
    const submission = makeSubmission('member', { householdId: 'H1', body }, '陈小宝');
    expect(await submitOrQueue(submission)).toEqual({ state: 'queued' });
    // A second tap while it waits sends nothing more.
    expect(
      await submitOrQueue(
        makeSubmission('member', { householdId: 'H1', body }, '陈小宝', submission.idempotencyKey),
      ),
    ).toEqual({ state: 'queued' });
    answer = () => ({
      status: 200,
      body: {
        personId: 'P1',
        householdId: 'H1',
        gridCode: '370502001001001',
        name: '陈小宝',
        relation: 'child',
        idNumberMasked: '370502********3181',
        phoneMasked: null,
        birthDate: '2015-06-01',
        sex: 'female',
        version: 1,
        activeQuarantineId: null,
      },
    });
    expect(await flushOutbox()).toEqual({ synced: 1, remaining: 0 });
    expect(api!.requests.map((r) => [r.path, r.headers['idempotency-key'], r.body])).toEqual([
      ['/v1/households/H1/members', submission.idempotencyKey, body],
      ['/v1/households/H1/members', submission.idempotencyKey, body],
    ]);
    expect(outboxItems()).toEqual([]);
  });

  it('sends the outbox when the network comes back', async () => {
    const { watchNetwork } = await import('../src/services/network');
    watchNetwork();
    await submitOrQueue(checkin(36.5));
    taroDouble.setNetwork(false);
    answer = ok;
    taroDouble.setNetwork(true);
    await expect.poll(() => outboxItems().length).toBe(0);
  });
});
