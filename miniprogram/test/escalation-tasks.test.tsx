/**
 * 升级预警待办 on the centre home (issue 17): the street's or district's open escalation tasks,
 * newest first, as a count and the newest three (alert kind, masked name, grid, when); each opens
 * the centre's alert list; no card when there are none, nor for a grid or community.
 */
import type { RegionTask } from '@grid/shared';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscalationTasks } from '../src/centre/components/EscalationTasks';
import { ROUTES } from '../src/routes';
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

const STREET = '370505001';
const GRID = '370505001001001';

function task(n: number, over: Partial<RegionTask> = {}): RegionTask {
  return {
    taskId: `M.Q${n}.20250301.m.street`,
    kind: 'ALERT_ESCALATED',
    regionCode: STREET,
    alertId: `M.Q${n}.20250301.m`,
    alertKind: 'MISSED_CHECK',
    level: 'street',
    gridCode: GRID,
    personName: '王建国',
    // 10:10 Shanghai time on 1 March, one minute apart, newest first.
    createdAt: `2025-03-01T02:1${9 - n}:00.000Z`,
    ...over,
  };
}

let api: TestApi | undefined;
let answer: (req: Recorded) => Answer;

beforeEach(async () => {
  taroDouble.reset();
  installSessionAuth();
  saveSession(loginAnswer('t', residentUser({ role: 'centre', scopes: [STREET] })));
  answer = () => ({ status: 404, body: { code: 'NOT_FOUND', message: 'x' } });
  api = await startApi((req) => answer(req));
  window.localStorage.setItem('apiBase', api.url);
});

afterEach(async () => {
  cleanup();
  await api?.close();
});

const tasksAsked = () => api!.requests.filter((r) => r.path.startsWith(`/v1/regions/${STREET}/tasks`));

describe('升级预警待办 on the centre home', () => {
  it('counts the open tasks, lists the newest three masked, and opens the alert list of the centre', async () => {
    const items = [task(0, { alertKind: 'FEVER', personName: '欧阳锋' }), task(1), task(2), task(3)];
    answer = (req) =>
      req.path.startsWith(`/v1/regions/${STREET}/tasks`)
        ? { status: 200, body: { items, nextCursor: 'c1.next.page' } }
        : { status: 404, body: { code: 'NOT_FOUND', message: 'x' } };
    render(<EscalationTasks code={STREET} />);
    await waitFor(() => expect(screen.getByTestId('centre-tasks')).toBeTruthy());
    expect(screen.getByTestId('centre-tasks').textContent).toContain('升级预警待办');
    expect(screen.getByTestId('centre-tasks-count').textContent).toBe('4+');
    const rows = screen.getAllByTestId('centre-task');
    expect(rows.map((r) => r.getAttribute('data-alert'))).toEqual(items.slice(0, 3).map((t) => t.alertId));
    expect(rows[0]!.textContent).toBe(`发热欧*锋　${GRID}　升至街道 03-01 10:19`);
    expect(rows[1]!.textContent).toContain('王*国');
    expect(screen.getByTestId('centre-tasks').textContent).not.toContain('王建国');

    fireEvent.click(rows[1]!);
    expect(taroDouble.navigations).toEqual([{ kind: 'navigateTo', url: `${ROUTES.alerts}?scope=${STREET}` }]);
  });

  it('shows nothing when every escalated alert was dealt with', async () => {
    answer = (req) =>
      req.path.startsWith(`/v1/regions/${STREET}/tasks`)
        ? { status: 200, body: { items: [], nextCursor: null } }
        : { status: 404, body: { code: 'NOT_FOUND', message: 'x' } };
    const { container } = render(<EscalationTasks code={STREET} />);
    await waitFor(() => expect(tasksAsked()).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('centre-tasks')).toBeNull();
    expect(container.textContent).toBe('');
  });

  it('asks nothing for a grid, whose alerts never escalate to it', async () => {
    const { container } = render(<EscalationTasks code={GRID} />);
    await new Promise((r) => setTimeout(r, 50));
    expect(api!.requests).toHaveLength(0);
    expect(container.textContent).toBe('');
  });
});
