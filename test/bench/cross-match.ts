/**
 * Cross-match benchmark: a generated messy list (test/support/cross-match-list.ts) uploaded through
 * the API in parts, then polled until processed. The processing is the stream chain (no schedule).
 *
 * As a module: `benchCrossMatch({ apiUrl, token, rows, drain })`.
 * Alone, on a fresh in-memory local stack with the demo data:
 *   npx tsx test/bench/cross-match.ts --rows 20000
 */
import { parseArgs } from 'node:util';
import { toCsv } from '../api/support/lists';
import { type KnownPerson, messyList, splitBytes } from '../support/cross-match-list';
import type { Capacity } from './capacity';

export interface CrossMatchBenchOptions {
  apiUrl: string;
  /** A centre's or the admin's token: the list is imported for its first scope. */
  token: string;
  rows: number;
  /** Runs the stream consumers (and schedules) until idle; the benchmark polls between calls. */
  drain: () => Promise<void>;
  /** Bytes of file per part (default 3.5 MB: under API Gateway's and Lambda's limits as base64). */
  partBytes?: number;
  /** Gives up after this long (default 30 minutes). */
  timeoutSeconds?: number;
  /** Persons on file the list names again: even ones by ID number, odd ones with a phone by phone only. */
  known?: readonly KnownPerson[];
  /** Counts the app client's DynamoDB calls while the list is processed (capacity.ts). */
  capture?: (fn: () => Promise<void>) => Promise<Capacity>;
}

export interface CrossMatchBenchResult {
  rows: number;
  /** Create, every part, start. */
  uploadSeconds: number;
  /** From the start's answer to the import's completion (server clock). */
  processSeconds: number;
  rowsPerSecond: number;
  /** Found on file. */
  matched: number;
  /** Rows of persons on file in the list, by how the list names them (ID number, or phone only). */
  knownById?: number;
  knownByPhone?: number;
  /** The app's DynamoDB work while processing, per row of the list (capture given). */
  perRow?: { readCalls: number; readUnits: number; writeCalls: number; writeUnits: number };
  /** Handed to a grid as registration tasks. */
  routed: number;
  /** In a street's, district's or the city's queue: no grid took them. */
  unrouted: number;
  /** Rows not taken as a person: invalid (no name, no usable identity) or repeated in the list. */
  errors: number;
}

interface ImportView {
  importId: string;
  status: string;
  processedRows: number;
  completedAt: string | null;
  failure: unknown;
  ledger: { totals: Record<'total' | 'matched' | 'routed' | 'queued' | 'invalid' | 'duplicate', number> };
}

export async function benchCrossMatch(opts: CrossMatchBenchOptions): Promise<CrossMatchBenchResult> {
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${opts.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const expect = <T>(res: { status: number; body: T }, status: number, what: string): T => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const known = opts.known ?? [];
  const list = messyList(opts.rows, known);
  // As messyList writes them: odd rows with a phone by phone only, the others by ID number.
  const shown = known.slice(0, opts.rows);
  const knownByPhone = shown.filter((p, i) => i % 2 === 1 && p.phone).length;
  const file = Buffer.from(toCsv([list.header, ...list.rows]), 'utf8');
  const parts = splitBytes(file, opts.partBytes ?? 3_500_000);

  const uploadStarted = performance.now();
  const created = expect(
    await call<ImportView>('POST', '/v1/cross-match/imports', {
      filename: `bench-${opts.rows}.csv`,
      source: 'police',
    }),
    201,
    'create import',
  );
  const id = created.importId;
  // Two parts at a time: each is one request of up to ~4.7 MB.
  for (let i = 0; i < parts.length; i += 2) {
    await Promise.all(
      parts.slice(i, i + 2).map(async (part, k) =>
        expect(
          await call('PUT', `/v1/cross-match/imports/${id}/parts/${i + k + 1}`, {
            contentBase64: part.toString('base64'),
          }),
          200,
          `part ${i + k + 1}`,
        ),
      ),
    );
  }
  expect(
    await call('POST', `/v1/cross-match/imports/${id}/start`, { parts: parts.length }),
    202,
    'start import',
  );
  const startedAt = Date.now();
  const uploadSeconds = (performance.now() - uploadStarted) / 1000;

  const deadline = Date.now() + (opts.timeoutSeconds ?? 1800) * 1000;
  let imp: ImportView | undefined;
  const poll = async () => {
    for (;;) {
      // The local drain waits for the chain, but gives up after its own timeout: poll and drain again.
      await opts.drain().catch(() => undefined);
      imp = expect(await call<ImportView>('GET', `/v1/cross-match/imports/${id}`), 200, 'get import');
      if (imp.status === 'completed') break;
      if (imp.status === 'failed') throw new Error(`import failed: ${JSON.stringify(imp.failure)}`);
      if (Date.now() > deadline) throw new Error(`import not done: ${imp.processedRows}/${opts.rows} rows`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  let capacity: Capacity | undefined;
  if (opts.capture) capacity = await opts.capture(poll);
  else await poll();
  if (!imp) throw new Error('import not polled');
  const processSeconds = (Date.parse(imp.completedAt ?? new Date().toISOString()) - startedAt) / 1000;
  const t = imp.ledger.totals;
  return {
    rows: t.total,
    uploadSeconds: round(uploadSeconds),
    processSeconds: round(processSeconds),
    rowsPerSecond: Math.round(t.total / Math.max(processSeconds, 0.001)),
    matched: t.matched,
    knownById: shown.length - knownByPhone,
    knownByPhone,
    ...(capacity ? { perRow: perRow(capacity, t.total) } : {}),
    routed: t.routed,
    unrouted: t.queued,
    errors: t.invalid + t.duplicate,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

const READS = ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems'];

function perRow(c: Capacity, rows: number) {
  const calls = (names: string[]) => names.reduce((a, n) => a + (c.commands[n] ?? 0), 0);
  const writes = Object.keys(c.commands).filter((n) => !READS.includes(n));
  const per = (n: number) => Math.round((n / Math.max(1, rows)) * 1000) / 1000;
  return {
    readCalls: per(calls(READS)),
    readUnits: per(c.tableRead + c.indexRead),
    writeCalls: per(calls(writes)),
    writeUnits: per(c.tableWrite + c.indexWrite),
  };
}

/** Alone: a fresh in-memory stack with the demo data, the demo admin's token. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '20000' } } });
  // The handlers log every request and batch: keep the output to the result.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const { startLocalStack } = await import('../../functions/local/stack');
  const { seedDemo } = await import('../../functions/local/seed');
  const stack = await startLocalStack({
    apiPort: 0,
    wechatPort: 0,
    dynamoPort: 0,
    controlPort: 0,
    tableName: 'grid-bench-xm',
    // Schedules 20 times slower than declared (a daily one still fits setInterval): the stream
    // chain alone processes the list.
    scheduleSpeedup: 0.05,
    log: (line) => {
      if (String(line.level).toUpperCase() === 'ERROR') process.stderr.write(`${JSON.stringify(line)}\n`);
    },
  });
  try {
    await seedDemo();
    const login = await fetch(`${stack.apiUrl}/v1/auth/wechat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'test:demo-admin' }),
    });
    const { token } = (await login.json()) as { token: string };
    const result = await benchCrossMatch({
      apiUrl: stack.apiUrl,
      token,
      rows: Number(values.rows),
      drain: () => stack.drainStreams(),
    });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await stack.stop();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
