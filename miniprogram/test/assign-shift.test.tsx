import { addDays, type Checkpoint, ERROR_CATALOGUE, localDate, type Shift } from '@grid/shared';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssignShiftForm } from '../src/gridworker/checkpoint/AssignShiftForm';
import { RosterCard } from '../src/gridworker/checkpoint/RosterCard';
import { zhCheckpoints } from '../src/i18n/zh-checkpoints';
import { watchNetwork } from '../src/services/network';
import { installSessionAuth, saveSession } from '../src/services/session';
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

const t = zhCheckpoints.assign;
const today = localDate(new Date());
const checkpoint: Checkpoint = {
  checkpointId: '01HCHECKPOINT0000000000000',
  regionCode: '370523107201',
  villageCode: '370523107201',
  name: '小码头前村村口',
  kind: 'village_entrance',
  hours: { opens: '07:00', closes: '19:00' },
  createdAt: '2026-12-01T00:00:00.000Z',
};
const STAFF = [
  { userId: '01HSTAFF000000000000000001', name: '李志愿', role: 'volunteer' },
  { userId: '01HSTAFF000000000000000002', name: '王网格', role: 'gridworker' },
];

const shiftFrom = (body: Record<string, string>): Shift => ({
  shiftId: '01HSHIFT000000000000000001',
  checkpointId: checkpoint.checkpointId,
  checkpointName: checkpoint.name,
  staffId: body.staffId ?? '',
  staffName: STAFF.find((s) => s.userId === body.staffId)?.name ?? '',
  date: body.date ?? '',
  starts: body.starts ?? '',
  ends: body.ends ?? '',
  status: 'assigned',
  signedInAt: null,
  signedOutAt: null,
});

let api: TestApi | undefined;
let answerPost: (req: Recorded) => Answer | Promise<Answer>;

beforeEach(async () => {
  taroDouble.reset();
  installSessionAuth();
  saveSession(loginAnswer('t', residentUser({ role: 'gridworker', scopes: ['370523107201001'] })));
  answerPost = (req) => ({ status: 201, body: shiftFrom(req.body as Record<string, string>) });
  api = await startApi((req) =>
    req.method === 'GET' ? { status: 200, body: { items: STAFF } } : answerPost(req),
  );
  window.localStorage.setItem('apiBase', api.url);
});

afterEach(async () => {
  cleanup();
  await api?.close();
});

const posts = () => api!.requests.filter((r) => r.method === 'POST');
const submit = () => fireEvent.click(screen.getByTestId('assign-submit'));
const problem = () => screen.queryByTestId('assign-problem')?.textContent ?? null;

async function renderForm(onAssigned: (s: Shift) => void = () => {}) {
  render(<AssignShiftForm checkpoint={checkpoint} onAssigned={onAssigned} onCancel={() => {}} />);
  await screen.findByTestId(`assign-person-${STAFF[0]!.userId}`);
}

describe('排班 (assigning a shift)', () => {
  it('starts at today and the checkpoint’s hours, and says what is missing before sending anything', async () => {
    await renderForm();
    expect(api!.requests[0]?.path).toBe(`/v1/checkpoints/${checkpoint.checkpointId}/staff`);
    expect(screen.getByTestId(`assign-day-${today}`).dataset.selected).toBe('true');
    expect(screen.getByTestId(`assign-day-${today}`).textContent).toContain('今天');
    expect((screen.getByTestId('assign-starts') as HTMLInputElement).value).toBe('07:00');
    expect((screen.getByTestId('assign-ends') as HTMLInputElement).value).toBe('19:00');
    expect(screen.getByTestId(`assign-person-${STAFF[0]!.userId}`).textContent).toBe('李志愿（志愿者）');

    await act(async () => submit());
    expect(problem()).toBe(t.personMissing);
    fireEvent.click(screen.getByTestId(`assign-person-${STAFF[0]!.userId}`));
    expect(problem()).toBeNull();
    fireEvent.change(screen.getByTestId('assign-starts'), { target: { value: '8:00' } });
    await act(async () => submit());
    expect(problem()).toBe(t.timeInvalid);
    expect(posts()).toHaveLength(0);
  });

  it('a double tap sends one request, with an Idempotency-Key, for the day and hours chosen', async () => {
    let release: () => void = () => {};
    answerPost = (req) =>
      new Promise((done) => {
        release = () => done({ status: 201, body: shiftFrom(req.body as Record<string, string>) });
      });
    const assigned: Shift[] = [];
    await renderForm((s) => assigned.push(s));
    const tomorrow = addDays(today, 1);
    fireEvent.click(screen.getByTestId(`assign-person-${STAFF[1]!.userId}`));
    fireEvent.click(screen.getByTestId(`assign-day-${tomorrow}`));
    fireEvent.change(screen.getByTestId('assign-ends'), { target: { value: '06:00' } });
    submit();
    submit();
    await waitFor(() => expect(posts()).toHaveLength(1));
    submit();
    await act(async () => release());
    await waitFor(() => expect(assigned).toHaveLength(1));
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body).toEqual({
      staffId: STAFF[1]!.userId,
      date: tomorrow,
      starts: '07:00',
      ends: '06:00',
    });
    expect(posts()[0]!.headers['idempotency-key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('shows the API’s refusal in Chinese; a retry after no answer sends the same key', async () => {
    answerPost = () => ({ status: 409, body: errorBody('SHIFT_OVERLAPS') });
    await renderForm();
    fireEvent.click(screen.getByTestId(`assign-person-${STAFF[0]!.userId}`));
    await act(async () => submit());
    await waitFor(() => expect(problem()).toBe(ERROR_CATALOGUE.SHIFT_OVERLAPS.zh));

    // Another time is another assignment (a new key); no answer comes: it may have landed.
    fireEvent.change(screen.getByTestId('assign-starts'), { target: { value: '19:00' } });
    answerPost = () => 'drop';
    await act(async () => submit());
    await waitFor(() => expect(problem()).toBe(t.offline));
    answerPost = (req) => ({ status: 200, body: shiftFrom(req.body as Record<string, string>) });
    await act(async () => submit());
    await waitFor(() => expect(problem()).toBeNull());
    const keys = posts().map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[2]).toBe(keys[1]);
  });

  it('without signal says that assigning needs it, and sends nothing', async () => {
    watchNetwork();
    taroDouble.setNetwork(false);
    try {
      await renderForm();
      expect(screen.getByTestId('assign-offline').textContent).toBe(t.offline);
      fireEvent.click(screen.getByTestId(`assign-person-${STAFF[0]!.userId}`));
      await act(async () => submit());
      expect(problem()).toBe(t.offline);
      expect(posts()).toHaveLength(0);
    } finally {
      taroDouble.setNetwork(true);
    }
  });

  it('the roster card shows a shift of today at once, before the page reloads', async () => {
    render(
      <RosterCard
        checkpoint={checkpoint}
        shifts={[]}
        today={today}
        organiser
        onOpen={() => {}}
        onAssigned={() => {}}
      />,
    );
    expect(screen.getByTestId('duty-roster').textContent).toBe(zhCheckpoints.setup.nobody);
    fireEvent.click(screen.getByTestId('assign-open'));
    fireEvent.click(await screen.findByTestId(`assign-person-${STAFF[0]!.userId}`));
    await act(async () => submit());
    await waitFor(() =>
      expect(screen.getByTestId('duty-roster').textContent).toContain('李志愿 07:00–19:00（未签到）'),
    );
    expect(screen.queryByTestId('assign-shift')).toBeNull();
    expect(screen.getByTestId('assign-done').textContent).toBe(t.done('李志愿', today, '07:00', '19:00'));
  });

  it('is not offered to someone who only works the gate', () => {
    render(
      <RosterCard
        checkpoint={checkpoint}
        shifts={[]}
        today={today}
        organiser={false}
        onOpen={() => {}}
        onAssigned={() => {}}
      />,
    );
    expect(screen.queryByTestId('assign-open')).toBeNull();
  });
});
