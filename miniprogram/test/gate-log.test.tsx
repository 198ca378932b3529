import type { Entry } from '@grid/shared';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DOUBLE_TAP_MS,
  type GateExtras,
  readExtras,
  useGateLog,
} from '../src/gridworker/checkpoint/gate-log';
import { flushOutbox, outboxItems } from '../src/services/outbox';
import { installSessionAuth, saveSession } from '../src/services/session';
import { taroDouble } from './doubles/taro';
import {
  type Answer,
  errorBody,
  loginAnswer,
  type Recorded,
  startApi,
  type TestApi,
} from './support/api-server';

const CHECKPOINT = '01HCHECKPOINT0000000000000';
const extras: GateExtras = { direction: 'in', plate: '鲁e 12345', temperature: '36,6' };

const entry = (body: Record<string, unknown>): Entry => ({
  entryId: '01HENTRY000000000000000000',
  checkpointId: CHECKPOINT,
  date: '2026-12-04',
  at: String(body.at),
  direction: 'in',
  person: { kind: 'resident' },
  pass: null,
  plate: (body.plate as string | undefined) ?? null,
  temperature: (body.temperature as number | undefined) ?? null,
  loggedBy: 'u',
  loggedAt: String(body.at),
});

let api: TestApi | undefined;
let answer: (req: Recorded) => Answer | Promise<Answer>;

beforeEach(async () => {
  taroDouble.reset();
  installSessionAuth();
  saveSession(loginAnswer('t'));
  answer = (req) => ({ status: 201, body: entry(req.body as Record<string, unknown>) });
  api = await startApi((req) => answer(req));
  window.localStorage.setItem('apiBase', api.url);
});

afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await api?.close();
});

let tap: () => Promise<boolean> = async () => false;
function Gate() {
  const gate = useGateLog(CHECKPOINT, () => {});
  tap = () => gate.log({ kind: 'resident' }, extras, '本村居民');
  return (
    <div>
      <span data-testid="recent">{gate.recent.map((r) => r.state).join(',')}</span>
      <span data-testid="problem">{gate.problem}</span>
    </div>
  );
}

const keysSent = () => api!.requests.map((r) => r.headers['idempotency-key']);

describe('the gate log', () => {
  it('reads plate and temperature as typed: compact plate, comma decimals; a bad plate is refused on the phone', () => {
    const read = readExtras(extras);
    expect(read.ok && read.body).toMatchObject({ direction: 'in', plate: '鲁E12345', temperature: 36.6 });
    expect(readExtras({ ...extras, plate: '鲁E123' })).toEqual({
      ok: false,
      problem: expect.stringContaining('车牌'),
    });
    expect(readExtras({ ...extras, temperature: '45' })).toEqual({
      ok: false,
      problem: expect.stringContaining('体温'),
    });
    const empty = readExtras({ direction: 'out', plate: ' ', temperature: '' });
    expect(empty.ok && empty.body.plate === undefined && empty.body.temperature === undefined).toBe(true);
  });

  it('a double tap logs one person; a tap after the double-tap window logs the next one under a new key', async () => {
    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    render(<Gate />);
    await act(async () => {
      await Promise.all([tap(), tap()]);
    });
    await act(async () => {
      now += 300;
      await tap();
    });
    expect(api!.requests).toHaveLength(1);
    await act(async () => {
      now += DOUBLE_TAP_MS;
      await tap();
    });
    expect(api!.requests).toHaveLength(2);
    expect(new Set(keysSent()).size).toBe(2);
    expect(screen.getByTestId('recent').textContent).toBe('sent,sent');
    expect(api!.requests[0]!.body).toMatchObject({
      plate: '鲁E12345',
      temperature: 36.6,
    });
  });

  it('offline, the entry waits in the outbox and is sent once, under the key of its tap, when the signal returns', async () => {
    answer = () => 'drop';
    render(<Gate />);
    await act(async () => {
      await tap();
    });
    expect(screen.getByTestId('recent').textContent).toBe('queued');
    expect(outboxItems()).toHaveLength(1);
    const firstKey = keysSent()[0];
    answer = (req) => ({ status: 200, body: entry(req.body as Record<string, unknown>) });
    await act(async () => {
      await flushOutbox();
    });
    expect(outboxItems()).toHaveLength(0);
    expect(keysSent()).toEqual([firstKey, firstKey]);
  });

  it('a refusal is shown and nothing is queued', async () => {
    answer = () => ({ status: 400, body: errorBody('PLATE_INVALID') });
    render(<Gate />);
    await act(async () => {
      await tap();
    });
    await waitFor(() => expect(screen.getByTestId('problem').textContent).not.toBe(''));
    expect(outboxItems()).toHaveLength(0);
  });
});
