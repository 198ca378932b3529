import type { CreateTravelDeclarationRequest, TravelDeclaration } from '@grid/shared';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SubmitButton } from '../src/components/SubmitButton';
import { useSubmission } from '../src/hooks/submission';
import { describeError } from '../src/services/http';
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

const PERSON = '01HPERSON00000000000000000';

const body: CreateTravelDeclarationRequest = {
  originCode: '420102',
  departedOn: '2025-03-01',
  arrivedOn: '2025-03-02',
  transport: { kind: 'train', number: 'G1234' },
  companions: [],
};

const declaration = (key: string, riskFlagged = true): TravelDeclaration => ({
  submissionId: `T.${PERSON}.${key}`,
  personId: PERSON,
  gridCode: '370502001001001',
  originCode: '420102',
  departedOn: '2025-03-01',
  arrivedOn: '2025-03-02',
  transport: { kind: 'train', number: 'G1234' },
  companions: [],
  note: null,
  riskFlagged,
  createdAt: '2025-03-02T01:00:00.000Z',
  reporter: { userId: 'u', kind: 'self' },
  verification: { status: 'pending' },
});

let api: TestApi | undefined;
let answer: (req: Recorded) => Answer | Promise<Answer>;

beforeEach(async () => {
  taroDouble.reset();
  installSessionAuth();
  saveSession(loginAnswer('t'));
  answer = () => 'drop';
  api = await startApi((req) => answer(req));
  window.localStorage.setItem('apiBase', api.url);
});

afterEach(async () => {
  cleanup();
  await api?.close();
});

/** A form reduced to its submission: one button, one status line, one error line. */
function TravelHarness(props: { onReady?: (submit: () => void) => void }) {
  const submission = useSubmission('travel');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    submission.submit({ personId: PERSON, body }, '王建国').catch((error: unknown) => {
      setProblem(describeError(error));
    });
  };
  props.onReady?.(submit);
  const { view } = submission;
  return (
    <div>
      <span data-testid="view">
        {view.status}
        {view.status === 'sent' && view.answer.riskFlagged ? ' risk' : ''}
        {view.status === 'sent' && view.synced ? ' synced' : ''}
      </span>
      <span data-testid="problem">{problem}</span>
      <SubmitButton label="提交" busy={submission.busy} onSubmit={submit} testId="submit" />
    </div>
  );
}

const keysSent = () => api!.requests.map((r) => r.headers['idempotency-key']);

describe('every submission exactly once', () => {
  it('drops a second tap in the same tick: one request, and the button reads 提交中… while in flight', async () => {
    let release: (a: Answer) => void = () => {};
    answer = (req) =>
      new Promise<Answer>((resolve) => {
        release = resolve;
        void req;
      });
    let submit: () => void = () => {};
    render(<TravelHarness onReady={(s) => (submit = s)} />);
    // Two taps before React re-renders, as an elderly double tap does.
    act(() => {
      submit();
      submit();
    });
    await waitFor(() => expect(api!.requests).toHaveLength(1));
    expect(screen.getByTestId('submit').textContent).toBe('提交中…');
    expect(screen.getByTestId('submit').dataset.busy).toBe('true');
    fireEvent.click(screen.getByTestId('submit'));
    release({ status: 201, body: declaration(String(keysSent()[0])) });
    await waitFor(() => expect(screen.getByTestId('view').textContent).toBe('sent risk'));
    expect(api!.requests).toHaveLength(1);
  });

  it('keeps the key minted on the first submit for every later tap after a refusal', async () => {
    let calls = 0;
    answer = (req) =>
      ++calls === 1
        ? { status: 400, body: errorBody('VALIDATION_FAILED') }
        : { status: 201, body: declaration(String(req.headers['idempotency-key'])) };
    render(<TravelHarness />);
    fireEvent.click(screen.getByTestId('submit'));
    await waitFor(() => expect(screen.getByTestId('problem').textContent).not.toBe(''));
    expect(screen.getByTestId('view').textContent).toBe('idle');
    fireEvent.click(screen.getByTestId('submit'));
    await waitFor(() => expect(screen.getByTestId('view').textContent).toBe('sent risk'));
    expect(keysSent()).toHaveLength(2);
    expect(keysSent()[1]).toBe(keysSent()[0]);
  });

  it('shows a replayed answer (200 for the same key) as the success it is', async () => {
    answer = (req) => ({ status: 200, body: declaration(String(req.headers['idempotency-key']), false) });
    render(<TravelHarness />);
    fireEvent.click(screen.getByTestId('submit'));
    await waitFor(() => expect(screen.getByTestId('view').textContent).toBe('sent'));
  });

  it('queues a server fault under the same key and shows the answer (the risk flag) once it syncs', async () => {
    answer = () => ({ status: 503, body: errorBody('STORAGE_BUSY') });
    render(<TravelHarness />);
    fireEvent.click(screen.getByTestId('submit'));
    await waitFor(() => expect(screen.getByTestId('view').textContent).toBe('queued'));
    const [queued] = outboxItems();
    expect(queued?.submission.idempotencyKey).toBe(keysSent()[0]);

    answer = (req) => ({ status: 201, body: declaration(String(req.headers['idempotency-key'])) });
    await act(() => flushOutbox());
    expect(outboxItems()).toEqual([]);
    expect(keysSent().at(-1)).toBe(keysSent()[0]);
    expect(screen.getByTestId('view').textContent).toBe('sent risk synced');
  });

  it('shows a queued submission refused on replay as failed, with the reason', async () => {
    render(<TravelHarness />);
    fireEvent.click(screen.getByTestId('submit'));
    await waitFor(() => expect(screen.getByTestId('view').textContent).toBe('queued'));
    answer = () => ({ status: 403, body: errorBody('FORBIDDEN_SCOPE') });
    await act(() => flushOutbox());
    expect(screen.getByTestId('view').textContent).toBe('failed');
    expect(outboxItems()[0]?.error).toBe('超出您的管辖范围');
  });
});
