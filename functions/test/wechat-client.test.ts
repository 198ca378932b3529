import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeWeChat, type FakeWeChatCall, startFakeWeChat } from '../local/fake-wechat';
import { createWeChatClient, type WeChatPort } from '../src/lib/wechat/wechat-client';
import { WeChatError, type WeChatErrorKind } from '../src/lib/wechat/wechat-errors';

const appId = 'wx-test-app';
const appSecret = 'test-app-secret-123';

let fake: FakeWeChat;

beforeAll(async () => {
  fake = await startFakeWeChat({ port: 0, appId, appSecret });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  // Clear through the HTTP control endpoint, as a test in another process would.
  const response = await fetch(`${fake.url}/__calls`, { method: 'DELETE' });
  expect(response.status).toBe(204);
});

function client(overrides: Partial<Parameters<typeof createWeChatClient>[0]> = {}): WeChatPort {
  return createWeChatClient({ baseUrl: fake.url, appId, appSecret, ...overrides });
}

async function expectWeChatError(
  promise: Promise<unknown>,
  kind: WeChatErrorKind,
  errcode: number | null,
  mustNotMention: string[] = [],
): Promise<WeChatError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a WeChatError');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WeChatError);
  const wechatError = error as WeChatError;
  expect(wechatError.kind).toBe(kind);
  expect(wechatError.wechatErrcode).toBe(errcode);
  for (const secretText of [appSecret, ...mustNotMention]) {
    expect(wechatError.message).not.toContain(secretText);
  }
  return wechatError;
}

const callsTo = (path: string): FakeWeChatCall[] => fake.calls.filter((call) => call.path === path);

/** A bare HTTP server for failure modes the fake does not have (hangs, 5xx, garbage). */
async function startRawServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('code2Session', () => {
  it('logs in with a valid code and never returns the session_key', async () => {
    const session = await client().code2Session('test:alice_01');
    expect(session).toStrictEqual({ openid: 'alice_01' });

    const [call] = callsTo('/sns/jscode2session');
    expect(call?.method).toBe('GET');
    expect(call?.query).toStrictEqual({
      appid: appId,
      js_code: 'test:alice_01',
      grant_type: 'authorization_code',
    });
  });

  it('reports an invalid code as CODE_INVALID without echoing the code', async () => {
    await expectWeChatError(client().code2Session('garbage-code-xyz'), 'CODE_INVALID', 40029, [
      'garbage-code-xyz',
    ]);
  });

  it('reports a rate limit as UNAVAILABLE', async () => {
    await expectWeChatError(client().code2Session('test:ratelimit'), 'UNAVAILABLE', 45011);
  });

  it('reports WeChat being busy as UNAVAILABLE', async () => {
    await expectWeChatError(client().code2Session('test:busy'), 'UNAVAILABLE', -1);
  });

  it('reports a wrong app secret as UNAVAILABLE: our misconfiguration, not the user', async () => {
    await expectWeChatError(
      client({ appSecret: 'wrong-secret-456' }).code2Session('test:alice'),
      'UNAVAILABLE',
      40125,
      ['wrong-secret-456', 'test:alice'],
    );
  });

  it('reports a wrong app id as UNAVAILABLE', async () => {
    await expectWeChatError(client({ appId: 'wx-other' }).code2Session('test:alice'), 'UNAVAILABLE', 40013);
  });

  it('keeps a base URL path prefix', async () => {
    const proxy = await startRawServer((req, res) => {
      const forwarded = (req.url ?? '').replace(/^\/wechat-proxy/, '');
      fetch(`${fake.url}${forwarded}`).then(async (upstream) => {
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(await upstream.text());
      });
    });
    try {
      const session = await client({ baseUrl: `${proxy.url}/wechat-proxy/` }).code2Session('test:bob');
      expect(session.openid).toBe('bob');
    } finally {
      await proxy.close();
    }
  });
});

describe('getPhoneNumber', () => {
  it('returns the pure mainland number and country code', async () => {
    const phone = await client().getPhoneNumber('test-phone:13800138000');
    expect(phone).toStrictEqual({ phoneNumber: '13800138000', countryCode: '86' });

    const [tokenCall] = callsTo('/cgi-bin/stable_token');
    expect(tokenCall?.body).toStrictEqual({ grant_type: 'client_credential', appid: appId });
    const [phoneCall] = callsTo('/wxa/business/getuserphonenumber');
    expect(phoneCall?.method).toBe('POST');
    expect(phoneCall?.body).toStrictEqual({ code: 'test-phone:13800138000' });
    expect(phoneCall?.query.access_token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('reports an invalid phone code as PHONE_CODE_INVALID', async () => {
    await expectWeChatError(client().getPhoneNumber('test-phone:123'), 'PHONE_CODE_INVALID', 40029, [
      'test-phone:123',
    ]);
  });

  it('caches the access token across calls', async () => {
    const wechat = client();
    await wechat.getPhoneNumber('test-phone:13800138000');
    await wechat.getPhoneNumber('test-phone:13900139000');
    expect(callsTo('/cgi-bin/stable_token')).toHaveLength(1);
    expect(callsTo('/wxa/business/getuserphonenumber')).toHaveLength(2);

    const recorded = (await (await fetch(`${fake.url}/__calls`)).json()) as FakeWeChatCall[];
    expect(recorded.map((call) => call.path)).toStrictEqual([
      '/cgi-bin/stable_token',
      '/wxa/business/getuserphonenumber',
      '/wxa/business/getuserphonenumber',
    ]);
  });

  it('shares one in-flight token fetch between concurrent callers', async () => {
    const wechat = client();
    const phones = await Promise.all([
      wechat.getPhoneNumber('test-phone:13800138000'),
      wechat.getPhoneNumber('test-phone:13900139000'),
      wechat.getPhoneNumber('test-phone:13700137000'),
    ]);
    expect(phones.map((phone) => phone.phoneNumber)).toStrictEqual([
      '13800138000',
      '13900139000',
      '13700137000',
    ]);
    expect(callsTo('/cgi-bin/stable_token')).toHaveLength(1);
  });

  it('refreshes a token WeChat rejects and retries once', async () => {
    const wechat = client();
    await wechat.getPhoneNumber('test-phone:13800138000');
    const firstToken = callsTo('/wxa/business/getuserphonenumber')[0]?.query.access_token;

    expect((await fetch(`${fake.url}/__tokens`, { method: 'DELETE' })).status).toBe(204);
    const phone = await wechat.getPhoneNumber('test-phone:13900139000');
    expect(phone.phoneNumber).toBe('13900139000');

    const phoneCalls = callsTo('/wxa/business/getuserphonenumber');
    expect(phoneCalls).toHaveLength(3);
    expect(phoneCalls[1]?.query.access_token).toBe(firstToken);
    expect(phoneCalls[2]?.query.access_token).not.toBe(firstToken);
    expect(callsTo('/cgi-bin/stable_token')).toHaveLength(2);
  });

  it('reports a token failure at stable_token (wrong secret) as UNAVAILABLE', async () => {
    await expectWeChatError(
      client({ appSecret: 'wrong-secret-456' }).getPhoneNumber('test-phone:13800138000'),
      'UNAVAILABLE',
      40125,
      ['wrong-secret-456'],
    );
    expect(callsTo('/wxa/business/getuserphonenumber')).toHaveLength(0);
  });

  it('gives up as UNAVAILABLE when the token is still rejected after one refresh', async () => {
    let tokenFetches = 0;
    let phoneCalls = 0;
    const server = await startRawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/cgi-bin/stable_token')) {
        tokenFetches += 1;
        res.end(JSON.stringify({ access_token: `token-${tokenFetches}`, expires_in: 7200 }));
      } else {
        phoneCalls += 1;
        res.end(JSON.stringify({ errcode: 40001, errmsg: 'invalid credential' }));
      }
    });
    try {
      await expectWeChatError(
        client({ baseUrl: server.url }).getPhoneNumber('test-phone:13800138000'),
        'UNAVAILABLE',
        40001,
      );
      expect(tokenFetches).toBe(2);
      expect(phoneCalls).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('does not cache a token that expires within the refresh margin', async () => {
    let tokenFetches = 0;
    const server = await startRawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/cgi-bin/stable_token')) {
        tokenFetches += 1;
        res.end(JSON.stringify({ access_token: `token-${tokenFetches}`, expires_in: 240 }));
      } else {
        res.end(
          JSON.stringify({
            errcode: 0,
            phone_info: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: 86 },
          }),
        );
      }
    });
    try {
      const wechat = client({ baseUrl: server.url });
      await wechat.getPhoneNumber('test-phone:13800138000');
      const phone = await wechat.getPhoneNumber('test-phone:13800138000');
      expect(phone).toStrictEqual({ phoneNumber: '13800138000', countryCode: '86' });
      expect(tokenFetches).toBe(2);
    } finally {
      await server.close();
    }
  });
});

describe('transport failures', () => {
  it('reports a server that is down as UNAVAILABLE', async () => {
    const server = await startRawServer(() => {});
    const deadUrl = server.url;
    await server.close();
    await expectWeChatError(client({ baseUrl: deadUrl }).code2Session('test:alice'), 'UNAVAILABLE', null, [
      'test:alice',
    ]);
  });

  it('reports a server that never answers as UNAVAILABLE after the timeout', async () => {
    const server = await startRawServer(() => {
      // Never respond.
    });
    try {
      const startedAt = Date.now();
      const error = await expectWeChatError(
        client({ baseUrl: server.url, timeoutMs: 200 }).getPhoneNumber('test-phone:13800138000'),
        'UNAVAILABLE',
        null,
      );
      expect(error.message).toContain('timeout');
      expect(Date.now() - startedAt).toBeLessThan(2000);
    } finally {
      await server.close();
    }
  });

  it('reports a non-2xx response as UNAVAILABLE', async () => {
    const server = await startRawServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
    });
    try {
      const error = await expectWeChatError(
        client({ baseUrl: server.url }).code2Session('test:alice'),
        'UNAVAILABLE',
        null,
      );
      expect(error.message).toContain('502');
    } finally {
      await server.close();
    }
  });

  it('reports an unparseable or unexpected body as UNAVAILABLE', async () => {
    let reply = 'not json at all';
    const server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(reply);
    });
    try {
      const wechat = client({ baseUrl: server.url });
      await expectWeChatError(wechat.code2Session('test:alice'), 'UNAVAILABLE', null);
      reply = JSON.stringify({ session_key: 'only-a-key' });
      const error = await expectWeChatError(wechat.code2Session('test:alice'), 'UNAVAILABLE', null, [
        'only-a-key',
      ]);
      expect(error.message).toContain('unexpected response');
    } finally {
      await server.close();
    }
  });
});

describe('fake WeChat subscribe-message API', () => {
  async function accessToken(): Promise<string> {
    const response = await fetch(`${fake.url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret: appSecret }),
    });
    const body = (await response.json()) as { access_token: string };
    return body.access_token;
  }

  async function send(token: string, message: Record<string, unknown>): Promise<unknown> {
    const response = await fetch(`${fake.url}/cgi-bin/message/subscribe/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify(message),
    });
    return response.json();
  }

  it('accepts a valid message and records it without the secret', async () => {
    const token = await accessToken();
    const message = {
      touser: 'alice',
      template_id: 'tmpl-checkin',
      page: 'pages/index/index',
      data: { thing1: { value: '请打卡' } },
    };
    expect(await send(token, message)).toStrictEqual({ errcode: 0, errmsg: 'ok' });
    expect(await send(token, { ...message, touser: '' })).toMatchObject({ errcode: 47003 });
    expect(await send(token, { data: {} })).toMatchObject({ errcode: 47003 });
    expect(await send('stale-token', message)).toMatchObject({ errcode: 40001 });

    const [tokenCall, sendCall] = fake.calls;
    expect(JSON.stringify(tokenCall)).not.toContain(appSecret);
    expect(sendCall?.body).toStrictEqual(message);
  });
});
