/**
 * Loading the synthetic city both ways at the same size in one run, each into a fresh DynamoDB Local
 * on tmpfs: `batch` (16 parallel BatchWriteItem lanes of 25, the former path) and `bulk` (rows
 * straight into DynamoDB Local's SQLite file, bulk-load.ts). CPU seconds of Node, java and sqlite3
 * are read from /proc, so where the time goes is in the figures.
 *
 *   npx tsx test/bench/load-compare.ts --persons 100000 [--methods batch,bulk] [--out file.json]
 *
 * run.ts runs it (`--load-compare <persons>`) and puts the figures on docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localDate } from '@grid/shared';
import { findFreePort, startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_SECRETS } from '../../functions/local/local-env';
import { ensureTable } from '../../functions/local/table';
import { manifest } from '../../functions/src/manifest';

export interface LoadComparisonRow {
  method: 'batch' | 'bulk';
  persons: number;
  items: number;
  seconds: number;
  personsPerSecond: number;
  itemsPerSecond: number;
  /** CPU seconds spent by each process during the load. */
  cpuSeconds: { node: number; java: number; sqlite3: number };
  loadAverageAtStart: number[];
}

/** utime + stime of a process and its waited-for children, in seconds (0 once it is gone). */
function cpuOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

const tableName = 'grid-bench';

/** One port for every run: the app's client (used by the batch path) reads its endpoint once. */
async function loadOnce(method: 'batch' | 'bulk', persons: number, port: number): Promise<LoadComparisonRow> {
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'grid-load-'));
  const { DEFAULT_PLAN, emptyFacts } = await import('./city');
  const { loadCity, loadCityBulk } = await import('./city-load');
  const dynamo = await startDynamoDbLocal({ port, dataDir });
  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    await ensureTable(client, tableName, manifest.table);
    client.destroy();
    const now = new Date();
    const plan = { ...DEFAULT_PLAN, persons, today: localDate(now), now: now.toISOString() };
    const facts = emptyFacts();
    const loadAverageAtStart = loadavg().map((l) => Math.round(l * 10) / 10);
    const node0 = process.cpuUsage();
    const java0 = cpuOf(dynamo.pid);
    let sqlite3 = 0;
    let javaSeconds: number;
    let load: Awaited<ReturnType<typeof loadCity>>;
    if (method === 'bulk') {
      await dynamo.stop();
      javaSeconds = 0;
      // sqlite3's CPU: the shell is this process's child, counted in its children's times at exit.
      const children0 = childrenCpu();
      load = await loadCityBulk(plan, facts, { dataDir, tableName });
      sqlite3 = childrenCpu() - children0;
    } else {
      load = await loadCity(plan, facts, { concurrency: 16, deadlineMs: 4 * 3600_000 });
      javaSeconds = cpuOf(dynamo.pid) - java0;
    }
    const node = process.cpuUsage(node0);
    return {
      method,
      persons: facts.counts.persons,
      items: load.items,
      seconds: load.seconds,
      personsPerSecond: load.personsPerSecond,
      itemsPerSecond: load.itemsPerSecond,
      cpuSeconds: { node: (node.user + node.system) / 1e6, java: javaSeconds, sqlite3 },
      loadAverageAtStart,
    };
  } finally {
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** CPU seconds of this process's children that have exited (from /proc/self/stat cutime + cstime). */
function childrenCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

export async function compareLoads(persons: number, methods: Array<'batch' | 'bulk'>) {
  const port = await findFreePort();
  Object.assign(process.env, {
    ...LOCAL_SECRETS,
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`,
    AWS_REGION: LOCAL_REGION,
    DYNAMODB_REQUEST_TIMEOUT_MS: '30000',
  });
  const rows: LoadComparisonRow[] = [];
  for (const method of methods) {
    process.stderr.write(`[load-compare] ${method} ${persons} persons…\n`);
    rows.push(await loadOnce(method, persons, port));
    const r = rows.at(-1)!;
    process.stderr.write(
      `[load-compare] ${method}: ${r.seconds.toFixed(1)} s, ${r.personsPerSecond.toFixed(0)} persons/s\n`,
    );
  }
  return rows;
}

/** As a child of run.ts: one process, so the app's config is read once. */
function runAsChild(persons: number, methods: string, out: string): Promise<LoadComparisonRow[]> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL(import.meta.url).pathname,
      '--persons',
      String(persons),
      '--methods',
      methods,
      '--out',
      out,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load comparison failed (exit ${code})`));
      resolve(JSON.parse(readFileSync(out, 'utf8')) as LoadComparisonRow[]);
      rmSync(out, { force: true });
    });
  });
}

export { runAsChild as compareLoadsInChild };

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '20000' },
      methods: { type: 'string', default: 'batch,bulk' },
      out: { type: 'string' },
    },
  });
  compareLoads(Number(values.persons), values.methods!.split(',') as Array<'batch' | 'bulk'>).then(
    (rows) => {
      if (values.out) writeFileSync(values.out, JSON.stringify(rows, null, 2));
      else console.log(JSON.stringify(rows, null, 2));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
