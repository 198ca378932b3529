import { request as httpRequest } from 'node:http';
import { errorMessage } from '@grid/shared';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiServer,
  type LocalRoute,
  MAX_EVENT_BODY_BYTES,
  startApiServer,
} from '../../local/http-server';
import { DOWNLOAD_BYTES, handler as download } from '../fixtures/handlers/download';
import { handler as echo } from '../fixtures/handlers/echo';
import { handler as throws } from '../fixtures/handlers/throws';

interface Echoed {
  event: APIGatewayProxyEventV2;
  context: { functionName: string; awsRequestId: string; remainingMs: number };
}

const routes: LocalRoute[] = [
  {
    operationId: 'getPersonReports',
    method: 'GET',
    path: '/v1/persons/{personId}/health-reports',
    invoke: echo,
  },
  {
    operationId: 'postPersonReport',
    method: 'POST',
    path: '/v1/persons/{personId}/health-reports',
    invoke: echo,
  },
  { operationId: 'getMe', method: 'GET', path: '/v1/persons/me', invoke: echo },
  { operationId: 'getPerson', method: 'GET', path: '/v1/persons/{personId}', invoke: echo },
  { operationId: 'upload', method: 'PUT', path: '/v1/uploads/{name}', invoke: echo },
  { operationId: 'exportXlsx', method: 'GET', path: '/v1/exports/report', invoke: download },
  { operationId: 'broken', method: 'GET', path: '/v1/broken', invoke: throws },
  { operationId: 'plain', method: 'GET', path: '/v1/plain', invoke: async () => ({ ok: true, n: 1 }) },
];

const ALLOWED_ORIGIN = 'http://localhost:10086';
let server: ApiServer;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  server = await startApiServer({
    port: 0,
    routes,
    corsOrigins: [ALLOWED_ORIGIN],
    log: (line) => logs.push(line),
  });
});
afterAll(async () => {
  await server?.close();
});

async function echoed(response: Response): Promise<Echoed> {
  expect(response.status).toBe(200);
  return (await response.json()) as Echoed;
}

describe('startApiServer: requests become payload 2.0 events', () => {
  it('fills path parameters (decoded), query, headers, cookies and the request context', async () => {
    const response = await fetch(
      `${server.url}/v1/persons/%E5%BC%A0%20san/health-reports?day=2024-01-02&slot=am&slot=pm&q=%E4%B8%AD`,
      {
        headers: {
          'X-Request-Id': 'req-1',
          Authorization: 'Bearer t',
          Cookie: 'a=1; b=2',
          'User-Agent': 'ua/1',
        },
      },
    );
    const { event, context } = await echoed(response);
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /v1/persons/{personId}/health-reports');
    expect(event.rawPath).toBe('/v1/persons/%E5%BC%A0%20san/health-reports');
    expect(event.pathParameters).toEqual({ personId: '张 san' });
    expect(event.rawQueryString).toBe('day=2024-01-02&slot=am&slot=pm&q=%E4%B8%AD');
    expect(event.queryStringParameters).toEqual({ day: '2024-01-02', slot: 'am,pm', q: '中' });
    expect(event.headers).toMatchObject({
      'x-request-id': 'req-1',
      authorization: 'Bearer t',
      'user-agent': 'ua/1',
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toMatchObject({
      accountId: 'local',
      apiId: 'local',
      stage: '$default',
      routeKey: 'GET /v1/persons/{personId}/health-reports',
      domainName: `127.0.0.1:${server.port}`,
      http: {
        method: 'GET',
        path: '/v1/persons/%E5%BC%A0%20san/health-reports',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'ua/1',
      },
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5000);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(response.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);

    expect(context.functionName).toBe('getPersonReports');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.remainingMs).toBeGreaterThan(28_000);
    expect(context.remainingMs).toBeLessThanOrEqual(29_000);
  });

  it('leaves optional fields out when there is nothing to put in them', async () => {
    const { event } = await echoed(await fetch(`${server.url}/v1/persons/me`));
    expect(event.routeKey).toBe('GET /v1/persons/me');
    expect(event.rawQueryString).toBe('');
    expect('queryStringParameters' in event).toBe(false);
    expect('pathParameters' in event).toBe(false);
    expect('cookies' in event).toBe(false);
  });

  it('prefers a literal segment over a {param} (/persons/me vs /persons/{personId})', async () => {
    const me = await echoed(await fetch(`${server.url}/v1/persons/me`));
    const other = await echoed(await fetch(`${server.url}/v1/persons/p-42`));
    expect(me.context.functionName).toBe('getMe');
    expect(other.context.functionName).toBe('getPerson');
    expect(other.event.pathParameters).toEqual({ personId: 'p-42' });
  });

  it('joins duplicate headers with commas', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${server.url}/v1/persons/me`, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.setHeader('X-Multi', ['one', 'two']);
      req.end();
    });
    const { event } = JSON.parse(body) as Echoed;
    expect(event.headers['x-multi']).toBe('one,two');
  });

  it('passes JSON bodies as utf-8 text and binary bodies as base64', async () => {
    const json = await echoed(
      await fetch(`${server.url}/v1/persons/p1/health-reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ temperature: 36.6, note: '咳嗽' }),
      }),
    );
    expect(json.context.functionName).toBe('postPersonReport');
    expect(json.event.isBase64Encoded).toBe(false);
    expect(JSON.parse(json.event.body ?? '')).toEqual({ temperature: 36.6, note: '咳嗽' });

    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0xfe]);
    for (const contentType of [
      'application/octet-stream',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'multipart/form-data; boundary=x',
    ]) {
      const binary = await echoed(
        await fetch(`${server.url}/v1/uploads/list.xlsx`, {
          method: 'PUT',
          headers: { 'content-type': contentType },
          body: bytes,
        }),
      );
      expect(binary.event.isBase64Encoded).toBe(true);
      expect(Buffer.from(binary.event.body ?? '', 'base64')).toEqual(bytes);
    }
  });
});

describe('startApiServer: results become responses', () => {
  it('sends status, headers and every cookie as its own set-cookie', async () => {
    const response = await fetch(`${server.url}/v1/persons/me`, { headers: { 'x-request-id': 'r-9' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBe('r-9');
    expect(response.headers.getSetCookie()).toEqual(['session=abc; HttpOnly', 'theme=dark']);
  });

  it('decodes a base64 body (binary download)', async () => {
    const response = await fetch(`${server.url}/v1/exports/report`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="report.xlsx"');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(DOWNLOAD_BYTES);
  });

  it('treats a result without statusCode as a 200 JSON body', async () => {
    const response = await fetch(`${server.url}/v1/plain`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ ok: true, n: 1 });
  });
});

describe('startApiServer: errors', () => {
  it('404 ROUTE_NOT_FOUND for an unknown path, 405 METHOD_NOT_ALLOWED for a known path', async () => {
    const missing = await fetch(`${server.url}/v1/nothing/here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: errorMessage('ROUTE_NOT_FOUND') },
    });

    const wrongMethod = await fetch(`${server.url}/v1/persons/me`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('413 PAYLOAD_TOO_LARGE above 6 MB, counting the base64 growth of binary bodies', async () => {
    const tooBigText = await fetch(`${server.url}/v1/persons/p1/health-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(MAX_EVENT_BODY_BYTES + 1, 0x20),
    });
    expect(tooBigText.status).toBe(413);
    expect(((await tooBigText.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');

    // 5 MB of binary is 6.7 MB once base64-encoded into the event: Lambda would refuse it.
    const tooBigBinary = await fetch(`${server.url}/v1/uploads/big.bin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(5 * 1024 * 1024, 1),
    });
    expect(tooBigBinary.status).toBe(413);

    const fits = await fetch(`${server.url}/v1/uploads/ok.bin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(4 * 1024 * 1024, 1),
    });
    expect(fits.status).toBe(200);
    await fits.arrayBuffer();
  });

  it('500 INTERNAL when a handler throws, with the error in the log', async () => {
    const before = logs.length;
    const response = await fetch(`${server.url}/v1/broken`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: 'INTERNAL', message: errorMessage('INTERNAL') },
    });
    const lines = logs.slice(before);
    expect(lines.some((line) => String(line.error).includes('boom: handler failed'))).toBe(true);
    expect(lines.at(-1)).toMatchObject({ method: 'GET', routeKey: 'GET /v1/broken', status: 500 });
  });

  it('503 when the handler outlives the integration timeout', async () => {
    const slow = await startApiServer({
      port: 0,
      timeoutMs: 100,
      log: () => {},
      routes: [
        {
          operationId: 'slow',
          method: 'GET',
          path: '/slow',
          invoke: () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 1000)),
        },
      ],
    });
    try {
      const response = await fetch(`${slow.url}/slow`);
      expect(response.status).toBe(503);
    } finally {
      await slow.close();
    }
  });
});

describe('startApiServer: CORS and logging', () => {
  it('answers a preflight for an allowed origin, and not for another', async () => {
    const preflight = await fetch(`${server.url}/v1/persons/p1/health-reports`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')?.split(',')).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PUT']),
    );
    expect(preflight.headers.get('access-control-allow-headers')?.split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-request-id']),
    );
    expect(Number(preflight.headers.get('access-control-max-age'))).toBeGreaterThan(0);

    const stranger = await fetch(`${server.url}/v1/persons/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(stranger.status).toBe(204);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds Allow-Origin and Expose-Headers to responses, errors included', async () => {
    const ok = await fetch(`${server.url}/v1/persons/me`, { headers: { origin: ALLOWED_ORIGIN } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(ok.headers.get('access-control-expose-headers')).toContain('x-request-id');
    await ok.arrayBuffer();
    const missing = await fetch(`${server.url}/v1/none`, { headers: { origin: ALLOWED_ORIGIN } });
    expect(missing.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    await missing.arrayBuffer();
  });

  it("with corsOrigins '*' allows any origin", async () => {
    const open = await startApiServer({ port: 0, routes, corsOrigins: '*', log: () => {} });
    try {
      const response = await fetch(`${open.url}/v1/plain`, {
        headers: { origin: 'https://anything.example' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      await response.arrayBuffer();
    } finally {
      await open.close();
    }
  });

  it('logs one line per request with method, routeKey, operationId, status, ms and requestId — never body or query', async () => {
    const before = logs.length;
    const response = await fetch(`${server.url}/v1/persons/p1/health-reports?idCard=370502199001011234`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13812345678' }),
    });
    const { event } = await echoed(response);
    const lines = logs.slice(before);
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0] ?? {}).sort()).toEqual([
      'method',
      'ms',
      'operationId',
      'requestId',
      'routeKey',
      'status',
    ]);
    expect(lines[0]).toMatchObject({
      method: 'POST',
      routeKey: 'POST /v1/persons/{personId}/health-reports',
      status: 200,
      requestId: event.requestContext.requestId,
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('370502199001011234');
    expect(text).not.toContain('13812345678');
  });
});
