import { userSchema } from '@grid/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, NetworkError, ResponseShapeError, request } from '../src/services/http';
import { currentSession, installSessionAuth, saveSession } from '../src/services/session';
import { STORAGE_KEYS, writeStored } from '../src/services/storage';
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

let api: TestApi | undefined;

async function serve(handler: (req: Recorded) => Answer | Promise<Answer>) {
  api = await startApi(handler);
  window.localStorage.setItem('apiBase', api.url);
  return api;
}

beforeEach(() => {
  taroDouble.reset();
  installSessionAuth();
  saveSession(loginAnswer('token-1'));
});

afterEach(async () => {
  await api?.close();
  api = undefined;
});

const me = () => request({ method: 'GET', path: '/v1/me', schema: userSchema });

describe('request', () => {
  it('sends the bearer token, the idempotency key and a JSON body, and parses the answer', async () => {
    const server = await serve(() => ({ status: 201, body: residentUser() }));
    const user = await request({
      method: 'POST',
      path: '/v1/persons/P1/health-reports',
      body: { temperature: 36.5 },
      idempotencyKey: 'key-12345678',
      schema: userSchema,
    });
    expect(user.name).toBe('王建国');
    const [sent] = server.requests;
    expect(sent?.headers.authorization).toBe('Bearer token-1');
    expect(sent?.headers['idempotency-key']).toBe('key-12345678');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.body).toEqual({ temperature: 36.5 });
  });

  it('puts query parameters in the URL and leaves out undefined ones', async () => {
    const server = await serve(() => ({ status: 200, body: residentUser() }));
    await request({
      method: 'GET',
      path: '/v1/x',
      query: { type: 'health', cursor: undefined, limit: 20 },
      schema: userSchema,
    });
    expect(server.requests[0]?.path).toBe('/v1/x?type=health&limit=20');
  });

  it('turns the error envelope into an ApiError with the catalogue’s Chinese message', async () => {
    await serve(() => ({ status: 400, body: errorBody('TEMPERATURE_OUT_OF_RANGE', '体温… / Temperature…') }));
    const error = await me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'TEMPERATURE_OUT_OF_RANGE',
      message: '体温须在 35.0–42.0 °C 之间，保留一位小数',
    });
  });

  it('answers a readable message for an unknown code or a body that is not an envelope', async () => {
    await serve((req) =>
      req.path === '/v1/me'
        ? { status: 418, body: errorBody('SOMETHING_NEW') }
        : { status: 502, body: '<html>bad gateway' },
    );
    await expect(me()).rejects.toMatchObject({ code: 'SOMETHING_NEW', message: '请求失败（418）' });
    await expect(request({ method: 'GET', path: '/v1/y', schema: userSchema })).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_ERROR',
      message: '请求失败（502）',
    });
  });

  it('on 401 signs in again once with the remembered demo code and retries with the new token', async () => {
    writeStored(STORAGE_KEYS.demoCode, 'test:demo-res1');
    const server = await serve((req) => {
      if (req.path === '/v1/auth/wechat') return { status: 200, body: loginAnswer('token-2') };
      return req.headers.authorization === 'Bearer token-2'
        ? { status: 200, body: residentUser() }
        : { status: 401, body: errorBody('TOKEN_EXPIRED') };
    });
    // Two requests fail together: they share one sign-in.
    const [a, b] = await Promise.all([me(), me()]);
    expect(a.name).toBe('王建国');
    expect(b.name).toBe('王建国');
    const logins = server.requests.filter((r) => r.path === '/v1/auth/wechat');
    expect(logins).toHaveLength(1);
    expect(logins[0]?.body).toEqual({ code: 'test:demo-res1' });
    expect(logins[0]?.headers.authorization).toBeUndefined();
    expect(currentSession()?.token).toBe('token-2');
  });

  it('retries only once: a second 401 signs the user out', async () => {
    writeStored(STORAGE_KEYS.demoCode, 'test:demo-res1');
    const server = await serve((req) =>
      req.path === '/v1/auth/wechat'
        ? { status: 200, body: loginAnswer('token-2') }
        : { status: 401, body: errorBody('TOKEN_INVALID') },
    );
    await expect(me()).rejects.toMatchObject({ status: 401, message: '登录凭证无效' });
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/me', '/v1/auth/wechat', '/v1/me']);
    expect(currentSession()).toBeNull();
    expect(taroDouble.navigations).toEqual([{ kind: 'reLaunch', url: '/pages/index/index' }]);
  });

  it('keeps the session on a 401 that is not about it (a bad WeChat phone code when binding)', async () => {
    const server = await serve(() => ({ status: 401, body: errorBody('WECHAT_PHONE_CODE_INVALID') }));
    writeStored(STORAGE_KEYS.demoCode, 'test:demo-res1');
    await expect(me()).rejects.toMatchObject({ status: 401, code: 'WECHAT_PHONE_CODE_INVALID' });
    expect(server.requests).toHaveLength(1);
    expect(currentSession()?.token).toBe('token-1');
  });

  it('does not re-login when nothing is remembered, and never for sign-in calls', async () => {
    const server = await serve(() => ({ status: 401, body: errorBody('WECHAT_CODE_INVALID') }));
    await expect(
      request({
        method: 'POST',
        path: '/v1/auth/wechat',
        body: { code: 'x' },
        schema: userSchema,
        auth: false,
      }),
    ).rejects.toMatchObject({ code: 'WECHAT_CODE_INVALID', message: '微信登录凭证无效或已使用' });
    await expect(me()).rejects.toMatchObject({ status: 401 });
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/auth/wechat', '/v1/me']);
  });

  it('refuses a 2xx answer that does not match the shared schema', async () => {
    await serve(() => ({ status: 200, body: { userId: 'u', role: 'superhero' } }));
    const error = await me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).message).toBe('服务器返回的内容无法识别，请稍后重试');
    expect((error as ResponseShapeError).issues.length).toBeGreaterThan(0);
  });

  it('reports a dropped connection and a timeout as NetworkError', async () => {
    await serve((req) => (req.path === '/v1/me' ? 'drop' : 'hang'));
    await expect(me()).rejects.toBeInstanceOf(NetworkError);
    const timedOut = await request({
      method: 'GET',
      path: '/v1/slow',
      schema: userSchema,
      timeoutMs: 200,
    }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(NetworkError);
    expect(timedOut).toMatchObject({ timedOut: true, message: '网络超时，请稍后重试' });
  });
});
