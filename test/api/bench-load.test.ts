/**
 * The bench's bulk loader (test/bench/bulk-load.ts) writes DynamoDB Local's SQLite rows itself. This
 * checks it writes what DynamoDB Local writes: the same synthetic city (one generated list of items)
 * goes into one database through BatchWriteItem and into another in bulk; every column of every row
 * must match, and DynamoDB Local must then answer the same gets, queries on both indexes and capacity.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { localDate } from '@grid/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_SECRETS } from '../../functions/local/local-env';
import { ensureTable } from '../../functions/local/table';
import { manifest } from '../../functions/src/manifest';
import { bulkLoad, SHARED_DB_FILE, sqliteAvailable } from '../bench/bulk-load';
import type { CityFacts, PutRequest } from '../bench/city';

const TABLE = 'grid-bulk';
const dirs: string[] = [];
let items: PutRequest[] = [];
let facts: CityFacts;

function client(endpoint: string) {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
  );
}

/** Every row of the table, keyed by pk/sk, its columns as hex (ObjectJSON parsed: key order is free). */
async function rows(dataDir: string): Promise<Map<string, Record<string, unknown>>> {
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync(
    'sqlite3',
    [
      '-json',
      join(dataDir, SHARED_DB_FILE),
      `select cast(hashKey as text) pk, cast(rangeKey as text) sk, typeof(hashKey) t, hex(hashValue) hv,
        hex(rangeValue) rv, itemSize, cast(ObjectJSON as text) j, typeof(ObjectJSON) jt, hex(hashRangeValue) hrv,
        hex(indexKey_0) i0, hex(indexKey_1) i1, hex(indexKey_2) i2, hex(indexKey_3) i3 from "${TABLE}"`,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  expect(run.status, run.stderr).toBe(0);
  const list = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
  return new Map(list.map((r) => [`${r.pk}|${r.sk}`, { ...r, j: JSON.parse(String(r.j)) }]));
}

async function freshDatabase(): Promise<{ dataDir: string; port: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'grid-bulk-'));
  dirs.push(dataDir);
  const port = await findFreePort();
  const dynamo = await startDynamoDbLocal({ port, dataDir });
  const raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await ensureTable(raw, TABLE, manifest.table);
  raw.destroy();
  await dynamo.stop();
  return { dataDir, port };
}

const batchDb = { dataDir: '', port: 0 };
const bulkDb = { dataDir: '', port: 0 };

describe('bench bulk load', () => {
  beforeAll(async () => {
    // The bulk path needs the sqlite3 shell (Debian's sqlite3 package), as the bench does.
    expect(sqliteAvailable(), 'the sqlite3 shell is not installed').toBe(true);
    Object.assign(process.env, { ...LOCAL_SECRETS, TABLE_NAME: TABLE, AWS_REGION: LOCAL_REGION });
    const { cityItems, DEFAULT_PLAN, emptyFacts } = await import('../bench/city');
    const now = new Date();
    facts = emptyFacts();
    // 700 persons: two grids, quarantined households, pending and verified history, identity keys.
    items = [
      ...cityItems({ ...DEFAULT_PLAN, persons: 700, today: localDate(now), now: now.toISOString() }, facts),
    ];
    Object.assign(batchDb, await freshDatabase());
    Object.assign(bulkDb, await freshDatabase());

    const dynamo = await startDynamoDbLocal({ port: batchDb.port, dataDir: batchDb.dataDir });
    const doc = client(dynamo.endpoint);
    for (let i = 0; i < items.length; i += 25) {
      const out = await doc.send(
        new BatchWriteCommand({ RequestItems: { [TABLE]: items.slice(i, i + 25) } }),
      );
      expect(out.UnprocessedItems?.[TABLE] ?? []).toEqual([]);
    }
    doc.destroy();
    await dynamo.stop();

    expect(await bulkLoad(bulkDb.dataDir, TABLE, items)).toBe(items.length);
  }, 300_000);

  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes every row as DynamoDB Local does, column by column', async () => {
    const written = await rows(batchDb.dataDir);
    const bulk = await rows(bulkDb.dataDir);
    expect(written.size).toBeGreaterThan(4000);
    expect([...written.values()].filter((r) => JSON.stringify(r.j).includes('"SS"')).length).toBeGreaterThan(
      1000,
    );
    expect(bulk.size).toBe(written.size);
    for (const [key, row] of written) expect(bulk.get(key), key).toEqual(row);
  });

  it('is read back by DynamoDB Local: gets, both indexes and capacity as for the written table', async () => {
    const grid = facts.sampleGrids[0]!;
    const person = facts.sampleHouseholds[0]!.personIds[0]!;
    const reads = [
      new GetCommand({
        TableName: TABLE,
        Key: { pk: `PERSON#${person}`, sk: 'PERSON' },
        ReturnConsumedCapacity: 'TOTAL',
      }),
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `PENDING#${grid}` },
        Limit: 20,
        ReturnConsumedCapacity: 'INDEXES',
      }),
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `ACTIVEQT#${grid.slice(0, 4)}` },
        ReturnConsumedCapacity: 'INDEXES',
      }),
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p and begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `PERSON#${person}`, ':s': 'HR#' },
        ScanIndexForward: false,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    ];
    const answers = async (db: { dataDir: string; port: number }) => {
      const dynamo = await startDynamoDbLocal(db);
      const doc = client(dynamo.endpoint);
      try {
        const out: unknown[] = [];
        for (const r of reads) {
          const { $metadata: _, ...rest } = (await doc.send(r as GetCommand)) as Record<string, unknown>;
          out.push(rest);
        }
        return out;
      } finally {
        doc.destroy();
        await dynamo.stop();
      }
    };
    const fromBatch = await answers(batchDb);
    const fromBulk = await answers(bulkDb);
    expect(fromBulk).toEqual(fromBatch);
    expect(JSON.stringify(fromBatch[0])).toContain(person);
    expect((fromBatch[1] as { Items: unknown[] }).Items.length).toBe(20);
  }, 60_000);
});
