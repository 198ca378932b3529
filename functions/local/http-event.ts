/**
 * The pieces of API Gateway's payload format 2.0 the local HTTP server builds and reads: headers and
 * query as the event carries them, the Lambda context, and a handler's result as an HTTP response.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/** Duplicated headers are joined with commas, as API Gateway does. */
export function lowerCaseHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    const existing = headers[name];
    headers[name] =
      existing === undefined ? value : name === 'cookie' ? `${existing}; ${value}` : `${existing},${value}`;
  }
  return headers;
}

export function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    const existing = query[key];
    query[key] = existing === undefined ? value : `${existing},${value}`;
  }
  return Object.keys(query).length > 0 ? query : undefined;
}

export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/graphql'
  );
}

export function toHttpResponse(result: unknown): {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
} {
  const json = { 'content-type': 'application/json' };
  if (result === undefined || result === null) return { status: 200, headers: json, body: Buffer.from('') };
  if (typeof result === 'string') return { status: 200, headers: json, body: Buffer.from(result) };
  if (typeof result !== 'object' || !('statusCode' in result) || result.statusCode === undefined) {
    // Payload 2.0: a result without statusCode is the JSON body of a 200.
    return { status: 200, headers: json, body: Buffer.from(JSON.stringify(result)) };
  }
  // Field types are checked below: handlers are plain JavaScript at run time.
  const structured = result as APIGatewayProxyStructuredResultV2;
  const status = structured.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new Error(`Invalid statusCode ${String(status)}`);
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (structured.cookies && structured.cookies.length > 0) headers['set-cookie'] = [...structured.cookies];
  const rawBody = structured.body ?? '';
  const body = structured.isBase64Encoded ? Buffer.from(rawBody, 'base64') : Buffer.from(rawBody, 'utf8');
  return { status, headers, body };
}

export function lambdaContext(functionName: string, deadline: number): Context {
  const awsRequestId = randomUUID();
  const unsupported = (): void => {
    throw new Error('Callback-style context methods are not supported; return a value instead');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** API Gateway's requestContext.time, e.g. 12/Mar/2020:19:03:58 +0000. */
export function formatClfTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}
