/**
 * A local stand-in for api.weixin.qq.com speaking the same HTTP API, for dev and tests.
 *
 * Test codes:
 * - login (jscode2session): `test:<openid>` logs in as that openid; `test:ratelimit` → 45011,
 *   `test:busy` → -1; anything else → 40029. Codes are reusable (unlike WeChat's single-use
 *   codes) so demo logins can repeat them.
 * - phone (getuserphonenumber): `test-phone:<11 digits>`; anything else → 40029.
 *
 * Control endpoints for tests in other processes: GET /__calls (recorded calls),
 * DELETE /__calls (clear them), DELETE /__tokens (invalidate the access token, as if it expired
 * early or was force-refreshed elsewhere), PUT /__down and DELETE /__down (WeChat unreachable:
 * every API call has its connection dropped and is not recorded, until DELETE).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export interface FakeWeChatCall {
  method: string;
  path: string;
  /** Query parameters, without `secret`. */
  query: Record<string, string>;
  /** Parsed JSON body (without `secret`), the raw text when it is not JSON, or null when empty. */
  body: unknown;
  /** ISO timestamp. */
  time: string;
}

export interface FakeWeChatOptions {
  port: number;
  host?: string;
  appId: string;
  appSecret: string;
}

export interface FakeWeChat {
  url: string;
  port: number;
  calls: FakeWeChatCall[];
  /** true: WeChat is unreachable (connections dropped) until set back to false. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

const TOKEN_LIFETIME_SECONDS = 7200;
const MAX_BODY_BYTES = 1024 * 1024;
const LOGIN_CODE = /^test:([A-Za-z0-9_-]{1,64})$/;
const PHONE_CODE = /^test-phone:(\d{11})$/;

type Reply = { status: number; body: unknown };

const wechatError = (errcode: number, errmsg: string): Reply => ({ status: 200, body: { errcode, errmsg } });

export async function startFakeWeChat(opts: FakeWeChatOptions): Promise<FakeWeChat> {
  const host = opts.host ?? '127.0.0.1';
  const calls: FakeWeChatCall[] = [];
  // Like stable_token's normal mode: one current token, handed out again until it expires.
  let currentToken: { value: string; expiresAt: number } | null = null;
  let down = false;

  function checkApp(appid: unknown, secret: unknown): Reply | null {
    if (appid !== opts.appId) return wechatError(40013, 'invalid appid');
    if (secret !== opts.appSecret) return wechatError(40125, 'invalid appsecret');
    return null;
  }

  function checkAccessToken(token: string | undefined): Reply | null {
    if (!token) return wechatError(41001, 'access_token missing');
    if (!currentToken || currentToken.value !== token) {
      return wechatError(40001, 'invalid credential, access_token is invalid or not latest');
    }
    if (Date.now() >= currentToken.expiresAt) return wechatError(42001, 'access_token expired');
    return null;
  }

  function jscode2session(query: Record<string, string>): Reply {
    const appError = checkApp(query.appid, query.secret);
    if (appError) return appError;
    if (query.grant_type !== 'authorization_code') return wechatError(40002, 'invalid grant_type');
    const code = query.js_code ?? '';
    if (code === 'test:ratelimit') return wechatError(45011, 'api minute-quota reach limit');
    if (code === 'test:busy') return wechatError(-1, 'system error');
    const match = LOGIN_CODE.exec(code);
    if (!match) return wechatError(40029, 'invalid code');
    return { status: 200, body: { openid: match[1], session_key: randomBytes(16).toString('base64') } };
  }

  function stableToken(body: unknown): Reply {
    if (!isRecord(body)) return wechatError(47001, 'data format error');
    if (body.grant_type !== 'client_credential') return wechatError(40002, 'invalid grant_type');
    const appError = checkApp(body.appid, body.secret);
    if (appError) return appError;
    const now = Date.now();
    if (body.force_refresh === true || !currentToken || now >= currentToken.expiresAt) {
      currentToken = {
        value: randomBytes(24).toString('hex'),
        expiresAt: now + TOKEN_LIFETIME_SECONDS * 1000,
      };
    }
    const expiresIn = Math.floor((currentToken.expiresAt - now) / 1000);
    return { status: 200, body: { access_token: currentToken.value, expires_in: expiresIn } };
  }

  function getUserPhoneNumber(query: Record<string, string>, body: unknown): Reply {
    const tokenError = checkAccessToken(query.access_token);
    if (tokenError) return tokenError;
    if (!isRecord(body)) return wechatError(47001, 'data format error');
    const match = typeof body.code === 'string' ? PHONE_CODE.exec(body.code) : null;
    if (!match?.[1]) return wechatError(40029, 'invalid code');
    const number = match[1];
    return {
      status: 200,
      body: {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: number,
          purePhoneNumber: number,
          countryCode: '86',
          watermark: { timestamp: Math.floor(Date.now() / 1000), appid: opts.appId },
        },
      },
    };
  }

  function sendSubscribeMessage(query: Record<string, string>, body: unknown): Reply {
    const tokenError = checkAccessToken(query.access_token);
    if (tokenError) return tokenError;
    if (!isRecord(body)) return wechatError(47001, 'data format error');
    for (const field of ['touser', 'template_id'] as const) {
      const value = body[field];
      if (typeof value !== 'string' || value === '') {
        return wechatError(47003, `argument invalid! ${field} is required`);
      }
    }
    if (!isRecord(body.data)) return wechatError(47003, 'argument invalid! data is required');
    // Lets tests see a user who revoked the subscription inside WeChat.
    if (String(body.touser).startsWith('refuse-')) return wechatError(43101, 'user refuse to accept the msg');
    return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-wechat');
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    if (url.pathname === '/__down' && (method === 'PUT' || method === 'DELETE')) {
      down = method === 'PUT';
      return sendJson(res, { status: 204, body: null });
    }
    if (down && !url.pathname.startsWith('/__')) {
      req.socket.destroy();
      return;
    }
    const rawBody = await readBody(req);

    if (url.pathname === '/__calls') {
      if (method === 'GET') return sendJson(res, { status: 200, body: calls });
      if (method === 'DELETE') {
        calls.length = 0;
        return sendJson(res, { status: 204, body: null });
      }
    }
    if (url.pathname === '/__tokens' && method === 'DELETE') {
      currentToken = null;
      return sendJson(res, { status: 204, body: null });
    }

    const body = parseBody(rawBody);
    calls.push({
      method,
      path: url.pathname,
      query: withoutSecret(query),
      body: isRecord(body) ? withoutSecret(body) : body,
      time: new Date().toISOString(),
    });

    const route = `${method} ${url.pathname}`;
    switch (route) {
      case 'GET /sns/jscode2session':
        return sendJson(res, jscode2session(query));
      case 'POST /cgi-bin/stable_token':
        return sendJson(res, stableToken(body));
      case 'POST /wxa/business/getuserphonenumber':
        return sendJson(res, getUserPhoneNumber(query, body));
      case 'POST /cgi-bin/message/subscribe/send':
        return sendJson(res, sendSubscribeMessage(query, body));
      default:
        return sendJson(res, { status: 404, body: { errcode: 404, errmsg: `no route ${route}` } });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, { status: 500, body: { errcode: -1, errmsg: 'system error' } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    calls,
    setDown: (value) => {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutSecret<T>(record: Record<string, T>): Record<string, T> {
  const { secret: _secret, ...rest } = record;
  return rest;
}

function parseBody(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, reply: Reply): void {
  if (reply.status === 204) {
    res.writeHead(204).end();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(reply.body));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  const port = Number(process.env.WECHAT_PORT ?? 3001);
  const fake = await startFakeWeChat({ port, appId: 'wx-local-demo', appSecret: 'local-demo-secret' });
  console.log(`fake WeChat listening on ${fake.url}`);
  const shutdown = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
