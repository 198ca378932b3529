/**
 * `npm start` as a newcomer meets it, on a kept database (issue 16): the API answers 503 STARTING
 * while the demo is seeded and a seed cut short is finished by the next start; DynamoDB Local's JVM
 * killed under the stack is restarted with its data; a restart right after writes loses no derived
 * item or counter (the stream poller resumes from its checkpoints); killing npm alone stops
 * everything; a busy port is one line naming its variable.
 *
 * Each start is a real child process (`start.ts` in test mode: free ports, no h5 app) on one data
 * directory, so the steps run in order.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, localDate, makeIdNumber } from '@grid/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { levelsOf } from '../../src/contexts/hierarchy/use-cases/stats-events';
import { isProcessAlive, waitFor } from './support';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'grid-npm-start-'));
const TABLE = 'grid-local';
const GRID = '370502001027003';
const STEP_TIMEOUT_MS = 180_000;

interface Urls {
  apiUrl: string;
  dynamoEndpoint: string;
  controlUrl: string;
}

interface Launched {
  child: ChildProcess;
  output(): string;
  /** The JSON after the first `<prefix> ` line of stdout. */
  line(prefix: 'LISTENING' | 'READY'): Promise<Urls>;
  exited: Promise<number | null>;
}

const launched: Launched[] = [];

/** start.ts in test mode on the kept directory; through npm (`npm start`) when asked. */
function launch(opts: { viaNpm?: boolean; env?: Record<string, string> } = {}): Launched {
  const [command, args] = opts.viaNpm
    ? ['npm', ['start']]
    : [process.execPath, ['--import', 'tsx', 'functions/local/start.ts']];
  const child = spawn(command, args as string[], {
    cwd: root,
    env: { ...process.env, LOCAL_MODE: 'test', LOCAL_DIR: dir, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a terminal's job is: signals reach only what the test sends.
    detached: true,
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const self: Launched = {
    child,
    output: () => text,
    exited,
    async line(prefix) {
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      for (;;) {
        const found = text.split('\n').find((l) => l.startsWith(`${prefix} `));
        if (found) return JSON.parse(found.slice(prefix.length + 1)) as Urls;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`no ${prefix} line (exit ${child.exitCode}):\n${text.slice(-3000)}`);
        await sleep(100);
      }
    },
  };
  launched.push(self);
  return self;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function portOf(url: string): number {
  return Number(new URL(url).port);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitPortClosed(port: number, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await portOpen(port))) return true;
    await sleep(200);
  }
  return false;
}

/** The DynamoDB Local java process listening on this port (it runs in its own process group). */
function javaPidOnPort(port: number): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('-port');
      if (args.some((a) => a.endsWith('DynamoDBLocal.jar')) && args[at + 1] === String(port))
        return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** Every process in a process group (npm's, when started detached). */
function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function documents(endpoint: string) {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'cn-northwest-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}

async function scanAll(endpoint: string): Promise<Array<Record<string, unknown>>> {
  const client = documents(endpoint);
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return items;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : null) as Record<string, unknown>,
  };
}

/** A household member with a valid ID number (the sequence's parity gives the sex, GB 11643). */
function member(name: string, relation: string, sequence: number) {
  return { name, relation, idNumber: makeIdNumber('370502', '1980-01-01', String(sequence)) };
}

async function token(apiUrl: string, openid: string): Promise<string> {
  const res = await post(`${apiUrl}/v1/auth/wechat`, { code: `test:${openid}` });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return String(res.body.token);
}

async function control(controlUrl: string, path: string) {
  const res = await post(`${controlUrl}${path}`, {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result as Record<string, unknown> | undefined;
}

afterAll(async () => {
  for (const l of launched) {
    if (l.child.exitCode === null && l.child.pid) {
      try {
        process.kill(-l.child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('npm start on a kept database', () => {
  let running: Launched | undefined;
  let urls: Urls;

  it(
    'answers 503 STARTING with Retry-After while seeding; a seed cut short is finished by the next start',
    async () => {
      const first = launch();
      const early = await first.line('LISTENING');
      const refused = await post(`${early.apiUrl}/v1/auth/wechat`, { code: 'test:demo-res1' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(refused.body).toMatchObject({ error: { code: 'STARTING' } });

      // Cut the seed short halfway (the first demo resident is in), as a crash or Ctrl-C would.
      const db = documents(early.dynamoEndpoint);
      const halfway = async () =>
        (await db.send(new GetCommand({ TableName: TABLE, Key: { pk: 'OPENID#demo-res1', sk: 'OPENID' } })))
          .Item !== undefined;
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      while (!(await halfway().catch(() => false)) && Date.now() < deadline) await sleep(50);
      db.destroy();
      first.child.kill('SIGKILL');
      // The watchdog stops java once its parent is gone.
      expect(await waitPortClosed(portOf(early.dynamoEndpoint))).toBe(true);

      running = launch();
      urls = await running.line('READY');
      expect(running.output()).not.toContain('TransactionCanceled');
      const resident = await token(urls.apiUrl, 'demo-res1');
      const mine = await fetch(`${urls.apiUrl}/v1/households/mine`, {
        headers: { authorization: `Bearer ${resident}` },
      });
      expect(mine.status).toBe(200);
      expect(((await mine.json()) as { members: unknown[] }).members).toHaveLength(3);
      const items = await scanAll(urls.dynamoEndpoint);
      expect(items.filter((i) => i.type === 'HOUSEHOLD')).toHaveLength(2);
      expect(items.filter((i) => i.type === 'QUARANTINE')).toHaveLength(1);
      expect(items.filter((i) => i.pk === 'SEED')).toHaveLength(2);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "restarts DynamoDB Local's JVM killed under it, says so once, and drains instead of hanging",
    async () => {
      if (!running) throw new Error('needs the stack of the step before');
      const dynamoPort = portOf(urls.dynamoEndpoint);
      const java = javaPidOnPort(dynamoPort);
      expect(java).toBeDefined();
      process.kill(java!, 'SIGKILL');
      const startedAt = Date.now();
      await control(urls.controlUrl, '/streams/drain');
      expect(Date.now() - startedAt).toBeLessThan(60_000);
      const said = running.output().split('\n');
      expect(said.filter((l) => l.includes('exited unexpectedly'))).toHaveLength(1);
      expect(said.some((l) => l.includes('DynamoDB Local is back'))).toBe(true);
      expect(javaPidOnPort(dynamoPort)).not.toBe(java);
      // The data on disk came back with it.
      await token(urls.apiUrl, 'demo-admin');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'exits 1 with one line when the JVM dies and its data was in memory (nothing to restart with)',
    async () => {
      const inMemory = launch({ env: { LOCAL_DIR: '' } });
      const at = await inMemory.line('LISTENING');
      const java = javaPidOnPort(portOf(at.dynamoEndpoint));
      expect(java).toBeDefined();
      process.kill(java!, 'SIGKILL');
      expect(await inMemory.exited).toBe(1);
      expect(
        inMemory
          .output()
          .split('\n')
          .filter((l) => l.includes('exited unexpectedly')),
      ).toHaveLength(1);
      expect(await waitPortClosed(portOf(at.apiUrl))).toBe(true);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'loses no derived item or counter when killed right after writes: the consumers resume from their checkpoints',
    async () => {
      if (!running) throw new Error('needs the stack of the step before');
      const gridworker = await token(urls.apiUrl, 'demo-gw1');
      const created = await Promise.all(
        Array.from({ length: 12 }, async (_, n) => {
          const res = await post(
            `${urls.apiUrl}/v1/households`,
            {
              gridCode: GRID,
              address: `东营区重启路 ${n + 1} 号`,
              members: [
                member('重启测试', 'self', 200 + n * 2 + 1),
                member('重启配偶', 'spouse', 200 + n * 2),
              ],
            },
            { authorization: `Bearer ${gridworker}`, 'idempotency-key': `restart-test-${n}` },
          );
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          return res;
        }),
      );
      expect(created).toHaveLength(12);
      // Killed outright the moment the writes are answered: no drain, no graceful stop.
      running.child.kill('SIGKILL');
      expect(await waitPortClosed(portOf(urls.dynamoEndpoint))).toBe(true);

      running = launch({ viaNpm: true });
      urls = await running.line('READY');
      await control(urls.controlUrl, '/streams/drain');

      const items = await scanAll(urls.dynamoEndpoint);
      const byKey = new Map(items.map((i) => [`${i.pk}|${i.sk}`, i]));
      // Every person has its duplicate-lookup entry (the personIdentity consumer's derived item).
      const persons = items.filter((i) => i.type === 'PERSON' && !i.mergedInto);
      expect(persons.length).toBeGreaterThanOrEqual(5 + 24);
      for (const p of persons) {
        const key = byKey.get(`PERSONKEY#id#${p.idHash}|KEY`);
        expect([...((key?.holders as Set<string> | undefined) ?? [])], `person ${p.personId}`).toEqual(
          expect.arrayContaining([expect.stringContaining(String(p.personId))]),
        );
      }
      // The households gauge of the grid and every level above equals a recount of household items.
      const households = items.filter((i) => i.type === 'HOUSEHOLD');
      const counted = new Map<string, number>();
      for (const h of households)
        for (const code of levelsOf(String(h.gridCode))) counted.set(code, (counted.get(code) ?? 0) + 1);
      for (const [code, n] of counted) expect(byKey.get(`STAT#${code}|NOW`)?.households, code).toBe(n);
      // The jobs that recount from the base records find nothing to repair.
      expect(await control(urls.controlUrl, '/schedules/reconcileStats/run')).toMatchObject({ drifted: 0 });
      const tomorrow = `${addDays(localDate(new Date()), 1)}T02:00:00+08:00`;
      expect(
        await control(urls.controlUrl, `/schedules/reconcileStatsDay/run?at=${encodeURIComponent(tomorrow)}`),
      ).toMatchObject({ drifted: 0, householdsDrifted: 0 });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'stops everything when npm alone is sent SIGTERM; a busy port is one line naming its variable',
    async () => {
      if (!running?.child.pid) throw new Error('needs the npm start of the step before');
      const group = groupPids(running.child.pid);
      expect(group.length).toBeGreaterThanOrEqual(2); // npm, sh/tsx, node
      const java = javaPidOnPort(portOf(urls.dynamoEndpoint));
      expect(java).toBeDefined();
      // Stopped right after writes: the consumers finish before java goes, so nothing errs.
      const gridworker = await token(urls.apiUrl, 'demo-gw1');
      for (let n = 0; n < 3; n++) {
        const res = await post(
          `${urls.apiUrl}/v1/households`,
          {
            gridCode: GRID,
            address: `东营区停止路 ${n + 1} 号`,
            members: [member('停止测试', 'self', 400 + n * 2 + 1)],
          },
          { authorization: `Bearer ${gridworker}`, 'idempotency-key': `stop-test-${n}` },
        );
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      const before = running.output().length;
      process.kill(running.child.pid, 'SIGTERM');
      for (const url of [urls.apiUrl, urls.controlUrl, urls.dynamoEndpoint])
        expect(await waitPortClosed(portOf(url)), url).toBe(true);
      expect(await waitFor(() => [...group, java!].every((pid) => !isProcessAlive(pid)), 20_000)).toBe(true);
      const stopping = running.output().slice(before);
      expect(stopping).not.toMatch(/"level":"(ERROR|CRITICAL)"|ECONNREFUSED/);

      const squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
      const busy = (squatter.address() as { port: number }).port;
      try {
        const blocked = launch({ env: { API_PORT: String(busy) } });
        expect(await blocked.exited).toBe(1);
        const lines = blocked.output().split('\n');
        expect(lines.filter((l) => l.includes(`Port ${busy} (API_PORT) is already in use`))).toHaveLength(1);
        expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]);
      } finally {
        squatter.close();
      }
    },
    STEP_TIMEOUT_MS,
  );
});
