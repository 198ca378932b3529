import type { Household } from '@grid/shared';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stepTemperature, TemperatureStepper } from '../src/components/controls';
import { PageShell } from '../src/components/PageShell';
import { CheckinForm } from '../src/resident/pages/checkin/index';
import { flushOutbox, outboxItems } from '../src/services/outbox';
import { setLargeFont } from '../src/services/preferences';
import { installSessionAuth, saveSession } from '../src/services/session';
import { taroDouble } from './doubles/taro';
import {
  type Answer,
  loginAnswer,
  type Recorded,
  residentUser,
  startApi,
  type TestApi,
} from './support/api-server';

const ids = ['01HP0000000000000000000001', '01HP0000000000000000000002', '01HP0000000000000000000003'];
const household: Household = {
  householdId: '01HH00000000000000000000000'.slice(0, 26),
  address: '府前街 12 号',
  gridCode: '370502001001001',
  createdAt: '2025-01-01T00:00:00.000Z',
  members: ['王建国', '刘芳', '王秀英'].map((name, i) => ({
    personId: ids[i]!,
    householdId: 'H',
    gridCode: '370502001001001',
    name,
    relation: i === 0 ? 'self' : i === 1 ? 'spouse' : 'parent',
    idNumberMasked: '370502********1234',
    phoneMasked: null,
    birthDate: '1980-01-01',
    sex: 'male',
    version: 1,
    activeQuarantineId: null,
  })),
};

let api: TestApi | undefined;
let answer: (req: Recorded) => Answer;

beforeEach(async () => {
  taroDouble.reset();
  installSessionAuth();
  saveSession(loginAnswer('t', residentUser({ personId: ids[0]!, householdId: 'H' })));
  answer = () => 'drop';
  api = await startApi((req) => answer(req));
  window.localStorage.setItem('apiBase', api.url);
});

afterEach(async () => {
  cleanup();
  await api?.close();
});

function Stepper() {
  const [value, setValue] = useState('36.5');
  return <TemperatureStepper testId="t" value={value} onChange={setValue} />;
}

describe('TemperatureStepper', () => {
  it('steps by tenths without float drift and marks 37.3 as fever', () => {
    render(<Stepper />);
    const input = screen.getByTestId('t-input') as HTMLInputElement;
    for (let i = 0; i < 7; i++) fireEvent.click(screen.getByTestId('t-plus'));
    expect(input.value).toBe('37.2');
    expect(screen.queryByText('发热')).toBeNull();
    fireEvent.click(screen.getByTestId('t-plus'));
    expect(input.value).toBe('37.3');
    expect(screen.getByText('发热')).toBeTruthy();
    fireEvent.click(screen.getByTestId('t-minus'));
    expect(input.value).toBe('37.2');
  });

  it('keeps readings within 35.0–42.0', () => {
    expect(stepTemperature(42.0, 1)).toBe(42);
    expect(stepTemperature(35.0, -1)).toBe(35);
    expect(stepTemperature(36.6, 1)).toBe(36.7);
  });
});

describe('PageShell', () => {
  it('shows loading, error with retry, empty, then content, in large font when chosen', () => {
    let retried = 0;
    const { rerender } = render(<PageShell loading />);
    expect(screen.getByText('加载中…')).toBeTruthy();
    rerender(<PageShell error={new Error('坏了')} onRetry={() => retried++} />);
    expect(screen.getByText('坏了')).toBeTruthy();
    fireEvent.click(screen.getByText('重试'));
    expect(retried).toBe(1);
    rerender(<PageShell empty />);
    expect(screen.getByText('暂无内容')).toBeTruthy();
    act(() => setLargeFont(true));
    rerender(<PageShell>内容</PageShell>);
    expect(screen.getByText('内容')).toBeTruthy();
    expect(screen.getByTestId('page').className).toContain('page--large');
  });
});

describe('whole-household check-in', () => {
  it('warns about a fever before sending, then reports every member with its own key', async () => {
    answer = (req) => ({
      status: 201,
      body: {
        submissionId: 'H.x',
        personId: req.path.split('/')[3],
        gridCode: '370502001001001',
        date: '2025-01-01',
        slot: 'morning',
        temperature: (req.body as { temperature: number }).temperature,
        fever: false,
        symptoms: [],
        note: null,
        measuredAt: '2025-01-01T00:00:00.000Z',
        reportedAt: '2025-01-01T00:00:00.000Z',
        reporter: { userId: 'u', role: 'resident', kind: 'self' },
        verification: { status: 'pending' },
      },
    });
    render(<CheckinForm household={household} />);
    // Nothing is filled in for anyone: each reading is typed or stepped.
    expect((screen.getByTestId('temp-0-input') as HTMLInputElement).value).toBe('');
    fireEvent.change(screen.getByTestId('temp-0-input'), { target: { value: '36.5' } });
    fireEvent.change(screen.getByTestId('temp-1-input'), { target: { value: '36,5' } });
    // Grandmother: the first + starts at 36.5, 13 more make 37.8; and a cough.
    for (let i = 0; i < 14; i++) fireEvent.click(screen.getByTestId('temp-2-plus'));
    fireEvent.click(screen.getByTestId('symptoms-2-cough'));
    fireEvent.click(screen.getByTestId('checkin-submit'));

    const warning = await screen.findByTestId('fever-warning');
    expect(warning.textContent).toContain('王秀英：37.8 °C');
    expect(api!.requests).toHaveLength(0);

    fireEvent.click(screen.getByTestId('fever-confirm'));
    // Three requests in a row: allow for a loaded machine (waitFor's default is 1 s).
    await waitFor(() => expect(screen.getAllByText('已提交')).toHaveLength(3), { timeout: 10_000 });
    const sent = api!.requests.map((r) => ({
      path: r.path,
      body: r.body,
      key: r.headers['idempotency-key'],
    }));
    expect(sent.map((s) => s.path)).toEqual(ids.map((id) => `/v1/persons/${id}/health-reports`));
    expect(sent.map((s) => (s.body as { temperature: number }).temperature)).toEqual([36.5, 36.5, 37.8]);
    expect((sent[2]!.body as { symptoms: string[] }).symptoms).toEqual(['cough']);
    expect(new Set(sent.map((s) => s.key)).size).toBe(3);
  });

  it('shows 待同步 for what could not be sent, and 已同步 once the outbox gets through', async () => {
    render(<CheckinForm household={household} />);
    fireEvent.click(screen.getByTestId('checkin-mode-single'));
    fireEvent.change(screen.getByTestId('temp-0-input'), { target: { value: '36.6' } });
    fireEvent.click(screen.getByTestId('checkin-submit'));
    expect(
      await screen.findByText('待同步', { selector: '[data-testid="checkin-result-0"] *' }),
    ).toBeTruthy();
    expect(screen.getByTestId('checkin-result-0').textContent).toBe('待同步');
    expect(outboxItems()).toHaveLength(1);

    answer = () => ({ status: 409, body: { error: { code: 'ALREADY_REPORTED', message: '' } } });
    await act(() => flushOutbox());
    expect(screen.getByTestId('checkin-result-0').textContent).toBe('已同步');
  });
});
