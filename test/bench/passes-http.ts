/**
 * Pass issue throughput over HTTP against its floor (issue 19). Starts the local stack as the API
 * tests do (functions/local/start.ts, LOCAL_MODE=test), registers households through the API, then
 * issues each member's first pass: half over HTTP (POST /v1/persons/{id}/pass as the grid's
 * gridworker, `--connections` at a time), half through the same use case in this process (passFor:
 * the same DynamoDB calls and the same P-256 signature, without HTTP, token and validation) — the floor.
 *
 * run.ts runs it in a child process (`--out`); alone it prints its part of the page's section.
 *
 *   npx tsx test/bench/passes-http.ts [--households 150] [--connections 16] [--out figures.json]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeIdNumber } from '@grid/shared';
import { isMain } from './child-json';
import { type PassIssueFigures, renderPassIssue } from './passes-report';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function startStack() {
  mkdirSync(`${root}test-results`, { recursive: true });
  const logFile = `${root}test-results/bench-passes-${process.pid}.log`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/start.ts'], {
    cwd: root,
    env: { ...process.env, LOCAL_MODE: 'test', RATE_LIMIT_STAFF_WRITES_PER_MINUTE: '1000000' },
    stdio: ['ignore', openSync(logFile, 'w'), openSync(logFile, 'a')],
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(readFileSync(logFile, 'utf8'));
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('READY '));
    if (line)
      return {
        child,
        ...(JSON.parse(line.slice(6)) as { apiUrl: string; dynamoEndpoint: string; tableName: string }),
      };
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function measurePassIssue(households: number, connections: number): Promise<PassIssueFigures> {
  const at = new Date();
  const loadAverage = loadavg().map((l) => Math.round(l * 10) / 10);
  const stack = await startStack();
  try {
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(method === 'POST' && path === '/v1/households'
            ? { 'idempotency-key': `bench-${crypto.randomUUID()}` }
            : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const login = async (openid: string) =>
      String((await call('POST', '/v1/auth/wechat', undefined, { code: `test:${openid}` })).body.token);
    const gw = await login('demo-gw1');
    const grid = ((await call('GET', '/v1/me', gw)).body.scopes as string[])[0]!;
    const personIds: string[] = [];
    for (let h = 0; h < households; h++) {
      const token = await login(`bench-pass-${process.pid}-${h}`);
      const created = await call('POST', '/v1/households', token, {
        address: `东营区基准路 ${h} 号`,
        gridCode: grid,
        members: ['self', 'spouse', 'child'].map((relation, i) => ({
          name: `测试${h}${i}`,
          relation,
          idNumber: makeIdNumber(
            '370502',
            `19${50 + (h % 40)}-0${1 + (i % 9)}-1${h % 10}`,
            String(100 + ((h * 3 + i) % 900)),
          ),
        })),
      });
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      for (const m of created.body.members as Array<{ personId: string }>) personIds.push(m.personId);
    }
    const overHttp = personIds.filter((_, i) => i % 2 === 0);
    const direct = personIds.filter((_, i) => i % 2 === 1);

    async function pool(items: string[], work: (id: string) => Promise<void>): Promise<number> {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (next < items.length) await work(items[next++]!);
        }),
      );
      return items.length / ((performance.now() - t0) / 1000);
    }

    const latencies: number[] = [];
    const httpRate = await pool(overHttp, async (id) => {
      const t = performance.now();
      const res = await call('POST', `/v1/persons/${id}/pass`, gw);
      latencies.push(performance.now() - t);
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    });

    // The floor: the same use case in this process, on the stack's database.
    const { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_SECRETS } = await import(
      '../../functions/local/local-env'
    );
    Object.assign(process.env, LOCAL_SECRETS, {
      TABLE_NAME: stack.tableName,
      DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    });
    const { getPerson } = await import('../../functions/src/contexts/households/entities/person');
    const { passFor } = await import('../../functions/src/contexts/passes/use-cases/issue-pass');
    const floorRate = await pool(direct, async (id) => {
      const person = await getPerson(id);
      if (!person) throw new Error('no person');
      await passFor(person, new Date());
    });

    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.floor(q * (latencies.length - 1))]!;
    return {
      at: at.toISOString(),
      loadAverage,
      cpus: cpus().length,
      connections,
      http: { passes: overHttp.length, perSecond: httpRate, p50Ms: p(0.5), p99Ms: p(0.99) },
      floor: { passes: direct.length, perSecond: floorRate },
      ratio: httpRate / floorRate,
    };
  } finally {
    stack.child.kill('SIGTERM');
  }
}

if (isMain(import.meta.url)) {
  const { values: args } = parseArgs({
    options: {
      households: { type: 'string', default: '150' },
      connections: { type: 'string', default: '16' },
      out: { type: 'string' },
    },
  });
  const figures = await measurePassIssue(Number(args.households), Number(args.connections));
  if (args.out) writeFileSync(args.out, JSON.stringify(figures, null, 2));
  else console.log(renderPassIssue(figures));
}
