import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { ensureTable } from '../../local/table';
import { dynamoClient, isProcessAlive, SAMPLE_TABLE, waitFor } from './support';

const here = dirname(fileURLToPath(import.meta.url));

describe('DynamoDB Local and ensureTable', () => {
  let db: DynamoDbLocal;
  let client: DynamoDBClient;
  let startupMs = 0;

  beforeAll(async () => {
    const started = Date.now();
    db = await startDynamoDbLocal({ port: 0 });
    startupMs = Date.now() - started;
    client = dynamoClient(db.endpoint);
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await db?.stop();
  });

  it('starts in memory on a free port and answers', () => {
    console.info(`DynamoDB Local (in memory) answered after ${startupMs} ms`);
    expect(db.port).toBeGreaterThan(0);
    expect(db.endpoint).toBe(`http://127.0.0.1:${db.port}`);
    expect(db.pid && isProcessAlive(db.pid)).toBe(true);
  });

  it('creates the table from the definition: keys, GSIs with projections, stream, TTL', async () => {
    const result = await ensureTable(client, 'main-table', SAMPLE_TABLE);
    expect(result.created).toBe(true);
    expect(result.streamArn).toMatch(/^arn:aws:dynamodb:.*:table\/main-table\/stream\//);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'main-table' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(
      Object.fromEntries((Table?.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType])),
    ).toEqual({ pk: 'S', sk: 'S', gsi1pk: 'S', gsi1sk: 'S', gsi2pk: 'S' });
    const indexes = (Table?.GlobalSecondaryIndexes ?? [])
      .map((index) => ({
        name: index.IndexName,
        keys: index.KeySchema,
        projection: index.Projection?.ProjectionType,
        status: index.IndexStatus,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(indexes).toEqual([
      {
        name: 'gsi1',
        keys: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        projection: 'ALL',
        status: 'ACTIVE',
      },
      {
        name: 'gsi2',
        keys: [{ AttributeName: 'gsi2pk', KeyType: 'HASH' }],
        projection: 'KEYS_ONLY',
        status: 'ACTIVE',
      },
    ]);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.LatestStreamArn).toBe(result.streamArn);

    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: 'main-table' }),
    );
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });

  it('is idempotent: a second call finds the table and returns the same stream', async () => {
    const first = await ensureTable(client, 'idempotent-table', SAMPLE_TABLE);
    const second = await ensureTable(client, 'idempotent-table', SAMPLE_TABLE);
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, streamArn: first.streamArn });
  });

  it('refuses an existing table that does not match the definition, saying what differs', async () => {
    await ensureTable(client, 'drifted-table', SAMPLE_TABLE);
    const changed = {
      ...SAMPLE_TABLE,
      globalIndexes: [
        { name: 'gsi1', partitionKey: 'gsi1pk', projection: 'KEYS_ONLY' as const },
        { name: 'gsi3', partitionKey: 'gsi3pk', projection: 'ALL' as const },
      ],
    };
    const attempt = ensureTable(client, 'drifted-table', changed);
    await expect(attempt).rejects.toThrow(/drifted-table exists but does not match/);
    await expect(attempt).rejects.toThrow(/index gsi1 keys are gsi1pk\/gsi1sk, definition says gsi1pk/);
    await expect(attempt).rejects.toThrow(/index gsi1 projects ALL, definition says KEYS_ONLY/);
    await expect(attempt).rejects.toThrow(/index gsi3 is missing/);
    await expect(attempt).rejects.toThrow(/index gsi2 is not in the definition/);

    await expect(ensureTable(client, 'drifted-table', { ...SAMPLE_TABLE, sortKey: 'other' })).rejects.toThrow(
      /primary key is pk\/sk, definition says pk\/other/,
    );
    await expect(
      ensureTable(client, 'drifted-table', { ...SAMPLE_TABLE, ttlAttribute: 'ttl' }),
    ).rejects.toThrow(/TTL on expiresAt, definition says ttl/);
  });
});

describe('DynamoDB Local on disk', () => {
  it('keeps tables and items in dataDir across restarts', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ddb-local-test-')), 'nested', 'data');
    try {
      const first = await startDynamoDbLocal({ port: 0, dataDir });
      const firstClient = dynamoClient(first.endpoint);
      const created = await ensureTable(firstClient, 'persisted', SAMPLE_TABLE);
      await firstClient.send(
        new PutItemCommand({ TableName: 'persisted', Item: { pk: { S: 'P#1' }, sk: { S: 'PROFILE' } } }),
      );
      firstClient.destroy();
      await first.stop();
      expect(first.pid && isProcessAlive(first.pid)).toBe(false);

      const second = await startDynamoDbLocal({ port: 0, dataDir });
      const secondClient = dynamoClient(second.endpoint);
      try {
        const again = await ensureTable(secondClient, 'persisted', SAMPLE_TABLE);
        expect(again).toEqual({ created: false, streamArn: created.streamArn });
        const { Item } = await secondClient.send(
          new GetItemCommand({ TableName: 'persisted', Key: { pk: { S: 'P#1' }, sk: { S: 'PROFILE' } } }),
        );
        expect(Item?.pk?.S).toBe('P#1');
      } finally {
        secondClient.destroy();
        await second.stop();
      }
    } finally {
      rmSync(dirname(dirname(dataDir)), { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses a port that is already taken instead of talking to whoever holds it', async () => {
    const holder = await startDynamoDbLocal({ port: 0 });
    try {
      await expect(startDynamoDbLocal({ port: holder.port })).rejects.toThrow(
        `Port ${holder.port} is already in use`,
      );
    } finally {
      await holder.stop();
    }
  }, 60_000);
});

describe('no java left behind', () => {
  const runChild = (mode: 'return' | 'wait') => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, '../fixtures/dynamodb-local-child.ts'), mode],
      {
        cwd: join(here, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const info = new Promise<{ pid: number }>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line) as { pid: number });
      });
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${err}`)));
    });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return { child, info, exit };
  };

  it('kills java when the parent exits on its own, and on SIGTERM (which still terminates the parent)', async () => {
    const returning = runChild('return');
    const waiting = runChild('wait');
    const [returned, waited] = await Promise.all([returning.info, waiting.info]);

    // Nothing keeps the event loop alive: the parent exits by itself and its exit hook stops java.
    expect(await returning.exit).toEqual({ code: 0, signal: null });
    expect(await waitFor(() => !isProcessAlive(returned.pid), 10_000)).toBe(true);

    expect(isProcessAlive(waited.pid)).toBe(true);
    waiting.child.kill('SIGTERM');
    expect(await waiting.exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await waitFor(() => !isProcessAlive(waited.pid), 10_000)).toBe(true);
  }, 90_000);
});
