import { PRIVACY_NOTICE, type PrivacyConsentState } from '@grid/shared';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrivacyConsentGate } from '../src/components/PrivacyConsentGate';
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

const state = (acceptedVersion: string | null): PrivacyConsentState => ({
  currentVersion: PRIVACY_NOTICE.version,
  acceptedVersion,
  acceptedAt: acceptedVersion ? '2026-11-02T01:00:00.000Z' : null,
  upToDate: acceptedVersion === PRIVACY_NOTICE.version,
});

let api: TestApi | undefined;
let answer: (req: Recorded) => Answer;
/** What GET /v1/me says about consent, until the app accepts. */
let onServer: string | null;

beforeEach(async () => {
  taroDouble.reset();
  installSessionAuth();
  saveSession(loginAnswer('t', residentUser({ householdId: '01HH0000000000000000000001' })));
  onServer = null;
  answer = (req) => {
    if (req.method === 'GET' && req.path === '/v1/me') {
      return { status: 200, body: { ...residentUser(), privacyConsent: state(onServer) } };
    }
    if (req.method === 'POST' && req.path === '/v1/me/privacy-consent') {
      onServer = (req.body as { version: string }).version;
      return { status: 200, body: state(onServer) };
    }
    return { status: 404, body: errorBody('ROUTE_NOT_FOUND') };
  };
  api = await startApi((req) => answer(req));
  window.localStorage.setItem('apiBase', api.url);
});

afterEach(async () => {
  cleanup();
  await api?.close();
});

const gate = () =>
  render(
    <PrivacyConsentGate>
      <div data-testid="the-form">打卡表单</div>
    </PrivacyConsentGate>,
  );
const paths = () => api!.requests.map((r) => `${r.method} ${r.path}`);

describe('the privacy notice before a first report', () => {
  it('shows the notice until the resident accepts; accepting sends the current version, then the form shows', async () => {
    gate();
    const notice = await screen.findByTestId('privacy-notice');
    expect(screen.queryByTestId('the-form')).toBeNull();
    expect(notice.textContent).toContain(PRIVACY_NOTICE.title);
    for (const p of PRIVACY_NOTICE.paragraphs) expect(notice.textContent).toContain(p);
    expect(screen.getByTestId('privacy-version').textContent).toBe(`版本 ${PRIVACY_NOTICE.version}`);
    expect(screen.queryByTestId('privacy-updated')).toBeNull();

    fireEvent.click(screen.getByTestId('privacy-accept'));
    await screen.findByTestId('the-form');
    expect(screen.queryByTestId('privacy-notice')).toBeNull();
    expect(paths()).toEqual(['GET /v1/me', 'POST /v1/me/privacy-consent']);
    expect(api!.requests[1]!.body).toEqual({ version: PRIVACY_NOTICE.version });

    // The phone remembers: the next visit asks nothing.
    cleanup();
    gate();
    expect(screen.getByTestId('the-form')).toBeTruthy();
    expect(api!.requests).toHaveLength(2);
  });

  it('goes straight to the form when the server says the current version was accepted', async () => {
    onServer = PRIVACY_NOTICE.version;
    gate();
    expect(screen.getByTestId('privacy-checking')).toBeTruthy();
    await screen.findByTestId('the-form');
    expect(paths()).toEqual(['GET /v1/me']);
  });

  it('asks again, saying so, when an older version was accepted', async () => {
    onServer = '2025-01-01';
    gate();
    await screen.findByTestId('privacy-updated');
    expect(screen.getByTestId('privacy-updated').textContent).toBe('告知书已更新，请重新阅读并同意');
    expect(screen.queryByTestId('the-form')).toBeNull();
  });

  it('stays on the notice and says why when accepting fails', async () => {
    const base = answer;
    answer = (req) =>
      req.method === 'POST'
        ? { status: 409, body: errorBody('PRIVACY_NOTICE_OUTDATED', '告知书已更新') }
        : base(req);
    gate();
    fireEvent.click(await screen.findByTestId('privacy-accept'));
    await waitFor(() => expect(screen.getByTestId('privacy-problem').textContent).toContain('告知书已更新'));
    expect(screen.queryByTestId('the-form')).toBeNull();
  });

  it('lets staff through without asking', () => {
    saveSession(loginAnswer('t', residentUser({ role: 'gridworker', scopes: ['370502001001001'] })));
    gate();
    expect(screen.getByTestId('the-form')).toBeTruthy();
    expect(api!.requests).toHaveLength(0);
  });
});
