import type { BoardEntry, Household, SupplyRequest } from '@grid/shared';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertScopeOf } from '../src/centre/components/AlertsCard';
import { TrendChart } from '../src/centre/components/TrendChart';
import { BoardRow, sortBoard } from '../src/gridworker/components/BoardRow';
import { buildSupplyRequest, emptyDraft, windowEnded } from '../src/resident/components/supply-form';
import { messagesFrom } from '../src/resident/pages/messages/index';
import { SupplyForm } from '../src/resident/pages/supply-new/index';
import { flushOutbox, outboxItems } from '../src/services/outbox';
import { installSessionAuth, saveSession } from '../src/services/session';
import { subscribeSupported } from '../src/services/subscribe';
import { taroDouble } from './doubles/taro';
import {
  type Answer,
  loginAnswer,
  type Recorded,
  residentUser,
  startApi,
  type TestApi,
} from './support/api-server';

const QUARANTINE_ID = '01HQ0000000000000000000001';

function entry(over: Partial<BoardEntry> = {}): BoardEntry {
  return {
    quarantineId: QUARANTINE_ID,
    personId: '01HP0000000000000000000001',
    personName: '王建国',
    phoneMasked: '139****5678',
    address: '府前街 12 号',
    morning: 'done',
    evening: 'due',
    lastTemperature: 36.6,
    lastFever: false,
    lastReportAt: '2025-03-01T01:30:00.000Z',
    plannedEndDate: '2025-03-14',
    daysRemaining: 9,
    ...over,
  };
}

let api: TestApi | undefined;
let answer: (req: Recorded) => Answer;

beforeEach(async () => {
  taroDouble.reset();
  installSessionAuth();
  saveSession(loginAnswer('t', residentUser({ role: 'gridworker', scopes: ['370502001001001'] })));
  answer = () => 'drop';
  api = await startApi((req) => answer(req));
  window.localStorage.setItem('apiBase', api.url);
});

afterEach(async () => {
  cleanup();
  await api?.close();
});

describe('the quarantine board', () => {
  it('shows each slot with its status, the last reading in Shanghai time and the days left', () => {
    render(<BoardRow entry={entry({ morning: 'overdue', evening: 'due' })} />);
    const row = screen.getByTestId('board-row');
    expect(row.dataset.overdue).toBe('true');
    expect(screen.getByTestId('board-morning').dataset.status).toBe('overdue');
    expect(screen.getByTestId('board-morning').textContent).toBe('上午 超时');
    expect(screen.getByTestId('board-morning').className).toContain('tag--red');
    expect(screen.getByTestId('board-evening').textContent).toBe('下午 待测');
    expect(screen.getByTestId('board-last').textContent).toBe('最近体温 36.6 °C（03-01 09:30）');
    expect(screen.getByTestId('board-days').textContent).toBe('还剩 9 天');
  });

  it('says when there is no reading yet and when the planned end has passed', () => {
    render(
      <BoardRow
        entry={entry({ lastTemperature: null, lastReportAt: null, daysRemaining: 0, evening: 'done' })}
      />,
    );
    expect(screen.getByTestId('board-row').dataset.overdue).toBe('false');
    expect(screen.getByTestId('board-last').textContent).toBe('今天还没有体温记录');
    expect(screen.getByTestId('board-days').textContent).toBe('今天期满，请办理解除');
  });

  it('marks a fever reading and a slot not owed because the quarantine began after its deadline', () => {
    render(<BoardRow entry={entry({ lastTemperature: 37.8, lastFever: true, morning: 'not_required' })} />);
    expect(screen.getByTestId('board-last').dataset.fever).toBe('true');
    expect(screen.getByTestId('board-last').className).toContain('board-row__last--fever');
    expect(screen.getByTestId('board-morning').textContent).toBe('上午 无需');
    expect(screen.getByTestId('board-row').dataset.overdue).toBe('false');
  });

  it('puts overdue people first, then those due, then those done', () => {
    const sorted = sortBoard([
      entry({ personName: '甲', morning: 'done', evening: 'done' }),
      entry({ personName: '乙', morning: 'done', evening: 'due' }),
      entry({ personName: '丙', morning: 'overdue', evening: 'overdue' }),
      entry({ personName: '丁', morning: 'overdue', evening: 'due' }),
    ]);
    expect(sorted.map((e) => e.personName)).toEqual(['丙', '丁', '乙', '甲']);
  });

  it('queues a follow-up made without a connection and sends it later with the same key', async () => {
    render(<BoardRow entry={entry()} />);
    fireEvent.click(screen.getByTestId('board-follow-up'));
    fireEvent.click(screen.getByTestId('followup-method-door'));
    for (let i = 0; i < 3; i++) fireEvent.click(screen.getByTestId('followup-temp-plus'));
    fireEvent.change(screen.getByTestId('followup-note'), { target: { value: '敲门未入户' } });
    fireEvent.click(screen.getByTestId('followup-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('followup-result').textContent).toBe('已保存，联网后自动提交'),
    );
    const [queued] = outboxItems();
    expect(queued?.submission.kind).toBe('followUp');
    expect(queued?.submission.payload).toEqual({
      quarantineId: QUARANTINE_ID,
      body: { method: 'door', temperature: 36.8, symptoms: [], note: '敲门未入户' },
    });
    const offlineKey = api!.requests[0]!.headers['idempotency-key'];
    expect(offlineKey).toBe(queued?.submission.idempotencyKey);

    answer = (req) => ({
      status: 201,
      body: {
        followUpId: 'F1',
        quarantineId: QUARANTINE_ID,
        personId: 'P',
        date: '2025-03-01',
        slot: 'morning',
        method: 'door',
        temperature: (req.body as { temperature: number }).temperature,
        fever: false,
        symptoms: [],
        note: '敲门未入户',
        recordedAt: '2025-03-01T01:00:00.000Z',
        recordedBy: 'u',
      },
    });
    await act(() => flushOutbox());
    expect(outboxItems()).toHaveLength(0);
    const last = api!.requests.at(-1)!;
    expect(last.path).toBe(`/v1/quarantines/${QUARANTINE_ID}/follow-ups`);
    expect(last.headers['idempotency-key']).toBe(offlineKey);
    expect(screen.getByTestId('followup-result').textContent).toBe('随访已记录');
  });

  it('refuses a temperature outside 35.0–42.0 without sending', () => {
    render(<BoardRow entry={entry()} />);
    fireEvent.click(screen.getByTestId('board-follow-up'));
    fireEvent.change(screen.getByTestId('followup-temp-input'), { target: { value: '45' } });
    fireEvent.click(screen.getByTestId('followup-submit'));
    expect(screen.getByTestId('followup-result').textContent).toBe('体温须在 35.0–42.0 之间');
    expect(api!.requests).toHaveLength(0);
  });
});

describe('the supply request form', () => {
  // 2025-03-01 15:00 in Shanghai: the morning and afternoon windows of today are over or closing.
  const now = new Date('2025-03-01T07:00:00.000Z');

  it('asks for at least one item, and a medicine name with its prescription, and a description for 其他', () => {
    expect(buildSupplyRequest(emptyDraft(), now)).toEqual({ ok: false, problem: '请至少选择一样物资' });
    const medicine = { ...emptyDraft(), lines: { medicine: { quantity: 1, unit: 'box' as const } } };
    expect(buildSupplyRequest(medicine, now)).toEqual({ ok: false, problem: '药品须写明名称和处方说明' });
    expect(buildSupplyRequest({ ...medicine, medicineName: '布洛芬' }, now)).toEqual({
      ok: false,
      problem: '药品须写明名称和处方说明',
    });
    const other = { ...emptyDraft(), lines: { other: { quantity: 2, unit: 'piece' as const } } };
    expect(buildSupplyRequest(other, now)).toEqual({ ok: false, problem: '请写明需要的其他物资' });
  });

  it('refuses a delivery window that has already ended, and dates a window on its Shanghai day', () => {
    expect(windowEnded('today', 'morning', now)).toBe(true);
    expect(windowEnded('today', 'afternoon', now)).toBe(false);
    expect(windowEnded('tomorrow', 'morning', now)).toBe(false);
    const draft = { ...emptyDraft(), lines: { masks: { quantity: 2, unit: 'box' as const } } };
    expect(buildSupplyRequest({ ...draft, when: { day: 'today', window: 'morning' } }, now)).toEqual({
      ok: false,
      problem: '这个时间段已经过去，请换一个',
    });
    expect(buildSupplyRequest({ ...draft, when: { day: 'tomorrow', window: 'evening' } }, now)).toEqual({
      ok: true,
      body: {
        items: [{ kind: 'masks', quantity: 2, unit: 'box' }],
        preferredTime: { date: '2025-03-02', from: '18:00', to: '21:00' },
      },
    });
  });

  it('builds the items from the chips, with quantities, units, the medicine and a note', async () => {
    const household: Household = {
      householdId: '01HH0000000000000000000001',
      address: '府前街 12 号',
      gridCode: '370502001001001',
      createdAt: '2025-01-01T00:00:00.000Z',
      members: [],
    };
    answer = () => 'hang';
    render(<SupplyForm household={household} now={now} />);
    expect(screen.queryByTestId('supply-when-today-morning')).toBeNull();
    fireEvent.click(screen.getByTestId('supply-kind-vegetables'));
    fireEvent.click(screen.getByTestId('supply-line-vegetables-plus'));
    fireEvent.click(screen.getByTestId('supply-line-vegetables-plus'));
    fireEvent.click(screen.getByTestId('supply-line-vegetables-unit-kg'));
    fireEvent.click(screen.getByTestId('supply-kind-medicine'));
    fireEvent.click(screen.getByTestId('supply-submit'));
    expect(screen.getByTestId('supply-problem').textContent).toBe('药品须写明名称和处方说明');
    fireEvent.change(screen.getByTestId('supply-medicine-name'), { target: { value: '布洛芬缓释胶囊' } });
    fireEvent.change(screen.getByTestId('supply-prescription'), { target: { value: '医生开具，每日两次' } });
    fireEvent.change(screen.getByTestId('supply-note'), { target: { value: '放门口即可' } });
    fireEvent.click(screen.getByTestId('supply-submit'));
    await waitFor(() => expect(api!.requests).toHaveLength(1), { timeout: 10_000 });
    const [sent] = api!.requests;
    expect(sent!.path).toBe('/v1/households/01HH0000000000000000000001/supply-requests');
    expect(sent!.headers['idempotency-key']).toMatch(/^[a-z0-9]+-[A-Za-z0-9]{16}$/);
    expect(sent!.body).toEqual({
      items: [
        { kind: 'vegetables', quantity: 3, unit: 'kg' },
        {
          kind: 'medicine',
          quantity: 1,
          unit: 'box',
          name: '布洛芬缓释胶囊',
          prescriptionNote: '医生开具，每日两次',
        },
      ],
      note: '放门口即可',
    });
  });
});

describe('resident messages', () => {
  it('turns the steps of the supply requests into notices, newest first', () => {
    const base = { items: [{ kind: 'masks', quantity: 1, unit: 'box' }] } as Pick<SupplyRequest, 'items'>;
    const request = {
      ...base,
      requestId: 'S.1',
      deliveryNote: '放门口了',
      rejectionReason: null,
      history: [
        { action: 'submit', status: 'submitted', at: '2025-03-01T01:00:00.000Z', by: 'r' },
        { action: 'accept', status: 'accepted', at: '2025-03-01T02:00:00.000Z', by: 'v' },
        { action: 'deliver', status: 'delivered', at: '2025-03-01T03:00:00.000Z', by: 'v' },
      ],
    } as SupplyRequest;
    expect(messagesFrom([request]).map((m) => [m.text, m.detail])).toEqual([
      ['物资已送达，请确认收货', '口罩 1 盒｜放门口了'],
      ['物资申请已接单，正在配送', '口罩 1 盒'],
      ['物资申请已提交', '口罩 1 盒'],
    ]);
  });
});

describe('small rules', () => {
  it('asks for subscribe messages only in a mini program whose API has requestSubscribeMessage', () => {
    expect(subscribeSupported('h5', { requestSubscribeMessage: () => {} })).toBe(false);
    expect(subscribeSupported('weapp', { requestSubscribeMessage: () => {} })).toBe(true);
    expect(subscribeSupported('weapp', {})).toBe(false);
  });

  it('reads alerts per grid, street or district; a community reads its street’s; a city must pick', () => {
    expect(alertScopeOf('370502001027003')).toBe('370502001027003');
    expect(alertScopeOf('370502001027')).toBe('370502001');
    expect(alertScopeOf('370502')).toBe('370502');
    expect(alertScopeOf('3705')).toBeNull();
  });

  it('draws the weapp trend as bars scaled to the largest count', () => {
    const flows = (healthReports: number, fevers: number) =>
      ({ healthReports, fevers, alertsRaised: 0 }) as Parameters<
        typeof TrendChart
      >[0]['days'][number]['flows'];
    render(
      <TrendChart
        days={[
          { date: '2025-03-01', flows: flows(10, 1) },
          { date: '2025-03-02', flows: flows(5, 0) },
        ]}
      />,
    );
    const rows = screen.getAllByTestId('trend-row');
    expect(rows.map((r) => r.textContent)).toEqual(['03-011010', '03-02500']);
  });
});
