import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoginResponse, User } from '@grid/shared';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What the handler answers: a status and body, or 'hang' (never answers) or 'drop' (closes the socket). */
export type Answer = { status: number; body?: unknown } | 'hang' | 'drop';

export interface TestApi {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/** A real HTTP server the request wrapper talks to; tests decide each answer. */
export async function startApi(handler: (req: Recorded) => Answer | Promise<Answer>): Promise<TestApi> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: Recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(recorded);
      const answer = await handler(recorded);
      if (answer === 'hang') return;
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(
        answer.body === undefined
          ? ''
          : typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export const errorBody = (code: string, message = '…') => ({ error: { code, message } });

export const residentUser = (over: Partial<User> = {}): User => ({
  userId: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
  role: 'resident',
  name: '王建国',
  scopes: [],
  householdId: null,
  personId: null,
  phoneMasked: null,
  ...over,
});

export const loginAnswer = (token: string, user: User = residentUser()): LoginResponse => ({
  token,
  expiresAt: '2030-01-01T00:00:00.000Z',
  user,
});
