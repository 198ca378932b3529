/**
 * One scale of the benchmark, in its own process (the app's client and config are per process):
 * 1. DynamoDB Local on disk in a temporary folder, the table from the manifest, the city loaded;
 * 2. the local stack started in-process on that folder (its stream poller starts at LATEST, so
 *    the load is not replayed into the consumers), schedules slowed so no job runs meanwhile;
 * 3. the HTTP scenarios with autocannon and their floors, capacity per operation, counter writes.
 * Writes its figures as JSON to --out. Started by run.ts; not meant to be run by hand.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localDate } from '@grid/shared';
import { findFreePort, startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_SECRETS } from '../../functions/local/local-env';
import { startLocalStack } from '../../functions/local/stack';
import { ensureTable } from '../../functions/local/table';
import { manifest } from '../../functions/src/manifest';
import { sqliteAvailable } from './bulk-load';
import { instrumentAppClient } from './capacity';
import { type CityPlan, DEFAULT_PLAN, emptyFacts } from './city';
import { type LoadResult, loadCity, loadCityBulk } from './city-load';
import { pipelineRecorder } from './pipeline';
import { scaleContext } from './scale-context';
import type { ScaleResult } from './scale-result';
import { scenarios } from './scale-scenarios';

export type { CounterWrites, ScaleResult, ScenarioResult } from './scale-result';

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    'load-deadline': { type: 'string', default: '900' },
    out: { type: 'string' },
    /** Rows of the generated list to cross-match after the other scenarios (0: none). */
    'cross-match-rows': { type: 'string', default: '0' },
    /** Alternating HTTP/floor rounds of each read scenario (their p50 growth is judged on them). */
    'read-rounds': { type: 'string', default: '4' },
    /** Run the mixed workload of the morning peak (run.ts asks for it at 100k). */
    mix: { type: 'boolean', default: false },
    /** bulk (straight into DynamoDB Local's SQLite file, needs the sqlite3 shell) or batch (BatchWriteItem). */
    load: { type: 'string' },
  },
});
const persons = Number(args.persons);
const durationS = Number(args.duration);
const connections = Number(args.connections);
if (!(persons > 0) || !args.out) throw new Error('usage: scale-run.ts --persons N --out file.json');

const log = (msg: string) => process.stderr.write(`[${persons} persons] ${msg}\n`);
/** Share of the cross-match list already on file. */
const KNOWN_SHARE = 0.3;

async function main(): Promise<void> {
  // On tmpfs when there is one: DynamoDB Local's SQLite syncs every batch, and a VM disk's fsync made
  // the load ~20× slower than the database itself. The folder still gives the "persisted" start below.
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'grid-bench-'));
  const port = await findFreePort();
  const wechatPort = await findFreePort();
  const tableName = 'grid-bench';
  Object.assign(process.env, {
    ...LOCAL_SECRETS,
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`,
    AWS_REGION: LOCAL_REGION,
    // Known before the stack starts: config() is read once, by the loader already.
    WECHAT_API_BASE: `http://127.0.0.1:${wechatPort}`,
  });
  // Stopped from outside: drop the database folder (on tmpfs it holds memory); the exit hook stops java.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(1);
    });
  }
  const notes: string[] = [];
  const now = new Date();
  const plan: CityPlan = {
    ...DEFAULT_PLAN,
    persons,
    today: localDate(now),
    now: now.toISOString(),
    // A realistic registered share of the cross-match list (30 %): persons of the city, named again.
    knownPersons: Math.min(persons, Math.round(Number(args['cross-match-rows']) * KNOWN_SHARE)),
  };
  const facts = emptyFacts();

  try {
    // 1. Load the city with nothing else running.
    const dynamo = await startDynamoDbLocal({ port, dataDir });
    let load: LoadResult;
    try {
      const client = new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      });
      await ensureTable(client, tableName, manifest.table);
      client.destroy();
      const method = args.load ?? (sqliteAvailable() ? 'bulk' : 'batch');
      log(`loading the city (${method})…`);
      const onProgress = (items: number, s: number) =>
        log(`  ${items} items in ${s.toFixed(0)} s (${(items / s).toFixed(0)}/s)`);
      if (method === 'bulk') {
        await dynamo.stop();
        load = await loadCityBulk(plan, facts, { dataDir, tableName, onProgress });
      } else {
        load = await loadCity(plan, facts, {
          concurrency: connections,
          deadlineMs: Number(args['load-deadline']) * 1000,
          onProgress,
        });
      }
      log(`loaded ${load.items} items (${facts.counts.persons} persons) in ${load.seconds.toFixed(1)} s`);
    } finally {
      await dynamo.stop();
    }

    // 2. The local stack on the same database.
    const pipeline = pipelineRecorder();
    const stack = await startLocalStack({
      onStreamBatch: pipeline.onBatch,
      apiPort: 0,
      wechatPort,
      dynamoPort: port,
      controlPort: 0,
      dataDir,
      tableName,
      // Slowest allowed without overflowing setInterval: no job runs during the bench.
      scheduleSpeedup: 0.01,
      log: (line) => {
        if (String(line.level).toUpperCase() === 'ERROR') process.stderr.write(`${JSON.stringify(line)}\n`);
      },
    });
    instrumentAppClient();
    try {
      const readRounds = Number(args['read-rounds']);
      const ctx = scaleContext({ stack, connections, durationS, readRounds, notes, log });
      const result = await scenarios(ctx, {
        plan,
        facts,
        recorder: pipeline,
        dynamoPort: port,
        mix: args.mix ?? false,
        crossMatchRows: Number(args['cross-match-rows']),
      });
      const out: ScaleResult = { persons, plan, counts: facts.counts, load, ...result, notes };
      writeFileSync(args.out!, JSON.stringify(out, null, 2));
    } finally {
      await stack.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
