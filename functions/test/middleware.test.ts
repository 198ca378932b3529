/**
 * The HTTP wrapper on its own, with a real handler module and a real token, where no database is
 * needed: refusals that happen before any read (token, role, rate, body).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SECRETS } from '../local/local-env';

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Handler;
let residentToken: string;

beforeAll(async () => {
  Object.assign(process.env, LOCAL_SECRETS, {
    TABLE_NAME: 'middleware-unit',
    // Nothing listens here: every database call fails as if DynamoDB were down.
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    RATE_LIMIT_RESIDENT_WRITES_PER_MINUTE: '3',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const { resetConfigForTests } = await import('../src/lib/config');
  resetConfigForTests();
  ({ handler } = (await import('../src/contexts/reporting/handlers/submit-health-report')) as unknown as {
    handler: Handler;
  });
  const { issueToken } = await import('../src/lib/auth/tokens');
  ({ token: residentToken } = await issueToken({
    userId: '01M8H7QZWW1B01BS1FAWHG1XAA',
    role: 'resident',
    scopes: [],
    householdId: null,
    personId: null,
    openid: 'unit',
    accessVersion: 0,
  }));
});

function event(body: string, token = residentToken): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /v1/persons/{personId}/health-reports',
    rawPath: '/v1/persons/01M8H7QZWW1B01BS1FAWHG1XAT/health-reports',
    rawQueryString: '',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': 'unit-test-key-1',
    },
    pathParameters: { personId: '01M8H7QZWW1B01BS1FAWHG1XAT' },
    body,
    isBase64Encoded: false,
    requestContext: { requestId: 'r', http: { method: 'POST' } },
  } as unknown as APIGatewayProxyEventV2;
}

const context = { awsRequestId: 'unit', functionName: 'submitHealthReport' } as Context;

describe('the HTTP wrapper', () => {
  it('answers malformed JSON with 400 INVALID_JSON in the error envelope', async () => {
    const res = await handler(event('{"temperature": 36.'), context);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body ?? '')).toEqual({
      error: { code: 'INVALID_JSON', message: expect.stringContaining('JSON') },
    });
  });

  it('answers a forged token with 401 TOKEN_INVALID', async () => {
    const [h, p] = residentToken.split('.');
    const res = await handler(event('{}', `${h}.${p}.forged-signature`), context);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body ?? '').error.code).toBe('TOKEN_INVALID');
  });

  it('limits a resident to the configured writes per minute with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let last: APIGatewayProxyStructuredResultV2 | undefined;
    // The malformed write of the first test counted (the forged one never authenticated): two more
    // are allowed within the minute, the next is refused.
    for (let i = 0; i < 3; i++) {
      last = await handler(event('not json'), context);
      statuses.push(last.statusCode ?? 0);
    }
    expect(statuses).toEqual([400, 400, 429]);
    expect(JSON.parse(last?.body ?? '').error.code).toBe('RATE_LIMITED');
    expect(Number(last?.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(last?.headers?.['retry-after'])).toBeLessThanOrEqual(60);
  });
});

describe('storage faults', () => {
  it('answers 503 STORAGE_UNAVAILABLE with Retry-After when DynamoDB cannot be reached', async () => {
    const { handler: getMe } = (await import('../src/contexts/identity/handlers/get-me')) as unknown as {
      handler: Handler;
    };
    const res = await getMe(
      {
        ...event(''),
        routeKey: 'GET /v1/me',
        rawPath: '/v1/me',
        pathParameters: {},
        body: undefined,
      } as APIGatewayProxyEventV2,
      context,
    );
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body ?? '').error.code).toBe('STORAGE_UNAVAILABLE');
    expect(res.headers?.['retry-after']).toBe('5');
  });
});
