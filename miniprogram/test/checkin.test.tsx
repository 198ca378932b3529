import { type HealthReport, type Household, localDate, slotOf } from '@grid/shared';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TemperatureStepper } from '../src/components/controls';
import { readTemperature } from '../src/components/temperature';
import { CheckinForm } from '../src/resident/pages/checkin/index';
import { installSessionAuth, saveSession } from '../src/services/session';
import { taroDouble } from './doubles/taro';
import { loginAnswer, residentUser, startApi, type TestApi } from './support/api-server';

const ids = ['01HP0000000000000000000001', '01HP0000000000000000000002', '01HP0000000000000000000003'];
const household = (quarantined = false): Household => ({
  householdId: 'H',
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
    birthDate: '1950-01-01',
    sex: 'female',
    version: 1,
    activeQuarantineId: quarantined ? '01HQ0000000000000000000001' : null,
  })),
});

const now = new Date();
const report = (
  personId: string,
  status: 'pending' | 'confirmed' | 'rejected',
  note?: string,
): HealthReport => ({
  submissionId: `H.${personId}.x`,
  personId,
  gridCode: '370502001001001',
  date: localDate(now),
  slot: slotOf(now),
  temperature: 36.7,
  fever: false,
  symptoms: [],
  note: null,
  measuredAt: new Date(now.getTime() - 60_000).toISOString(),
  reportedAt: new Date(now.getTime() - 60_000).toISOString(),
  reporter: { userId: 'u', role: 'resident', kind: 'self' },
  verification: { status, ...(note ? { note } : {}) },
});

let api: TestApi | undefined;
beforeEach(async () => {
  taroDouble.reset();
  installSessionAuth();
  saveSession(loginAnswer('t', residentUser({ personId: ids[0]!, householdId: 'H' })));
  api = await startApi(() => 'drop');
  window.localStorage.setItem('apiBase', api.url);
});
afterEach(async () => {
  cleanup();
  await api?.close();
});

describe('reading a typed temperature', () => {
  it('accepts comma and full-width decimals, refuses signs, and tells a range error from a fever', () => {
    expect(readTemperature('36,8')).toEqual({ state: 'ok', value: 36.8, fever: false });
    expect(readTemperature('３６．８')).toEqual({ state: 'ok', value: 36.8, fever: false });
    expect(readTemperature(' 37.3 ')).toEqual({ state: 'ok', value: 37.3, fever: true });
    expect(readTemperature('-36.5')).toEqual({ state: 'sign' });
    expect(readTemperature('+37')).toEqual({ state: 'sign' });
    expect(readTemperature('368')).toEqual({ state: 'range', value: 368 });
    expect(readTemperature('45')).toEqual({ state: 'range', value: 45 });
    expect(readTemperature('36.55')).toEqual({ state: 'invalid' });
    expect(readTemperature('abc')).toEqual({ state: 'invalid' });
    expect(readTemperature('')).toEqual({ state: 'empty' });
  });

  it('shows a range error without the fever tag, and the last reading to step from', () => {
    const { rerender } = render(<TemperatureStepper testId="t" value="45" onChange={() => {}} />);
    expect(screen.getByTestId('t-problem').textContent).toBe('体温须在 35.0–42.0 之间');
    expect(screen.queryByText('发热')).toBeNull();
    rerender(<TemperatureStepper testId="t" value="" startFrom={36.9} onChange={() => {}} />);
    expect(screen.getByTestId('t-last').textContent).toContain('上次 36.9 °C');
  });
});

describe('the check-in form', () => {
  it('sends nothing while a reading is missing', () => {
    render(<CheckinForm household={household()} now={now} />);
    fireEvent.click(screen.getByTestId('checkin-submit'));
    expect(screen.getByTestId('checkin-problem').textContent).toBe('王建国：请填写体温');
    expect(api!.requests).toHaveLength(0);
  });

  it('shows each member’s slot status and asks only those still due or rejected', () => {
    const note = '电话核实：体温是估的';
    render(
      <CheckinForm
        household={household()}
        now={now}
        recent={{ [ids[0]!]: [report(ids[0]!, 'rejected', note)], [ids[1]!]: [report(ids[1]!, 'pending')] }}
      />,
    );
    const slot = slotOf(now);
    const statuses = screen.getAllByTestId(`today-${slot}`).map((e) => e.dataset.status);
    expect(statuses).toEqual(['rejected', 'reported', 'due']);
    expect(screen.getByTestId('today-rejected-note').textContent).toContain(note);
    const names = screen.getAllByTestId(/^checkin-member-/).map((e) => e.textContent);
    expect(names).toHaveLength(2);
    expect(names[0]).toContain('王建国');
    expect(names[1]).toContain('王秀英');
    // The last reading is offered to step from, marked as such, but not filled in.
    expect(screen.getByTestId('temp-0-last').textContent).toContain('36.7');
    expect((screen.getByTestId('temp-0-input') as HTMLInputElement).value).toBe('');
  });

  it('says so when the whole household has reported this slot, and offers 完成 / 返回首页', () => {
    render(
      <CheckinForm
        household={household()}
        now={now}
        recent={Object.fromEntries(ids.map((id) => [id, [report(id, 'confirmed')]]))}
      />,
    );
    expect(screen.getByTestId('checkin-all-done').textContent).toBe('本时段全家都已打卡');
    expect(screen.getByTestId('checkin-finish').textContent).toBe('完成');
    expect(screen.getByTestId('checkin-home').textContent).toBe('返回首页');
    expect(screen.queryByTestId('checkin-submit')).toBeNull();
  });

  it('gives home-quarantine advice for a fever in a quarantined household', () => {
    render(<CheckinForm household={household(true)} now={now} />);
    fireEvent.click(screen.getByTestId('checkin-mode-single'));
    fireEvent.change(screen.getByTestId('temp-0-input'), { target: { value: '38,2' } });
    fireEvent.click(screen.getByTestId('checkin-submit'));
    expect(screen.getByTestId('fever-person').textContent).toBe('王建国：38.2 °C');
    const advice = screen.getByTestId('fever-advice').textContent ?? '';
    expect(advice).toContain('不要外出');
    expect(advice).not.toContain('发热门诊');
  });
});
