/**
 * lib/dynamo/query.ts against DynamoDB Local: whole partitions and counts across several pages,
 * and the parallel scan, through lib-dynamodb's paginators.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../local/dynamodb-local';
import { LOCAL_SECRETS } from '../local/local-env';
import { ensureTable } from '../local/table';
import { manifest } from '../src/manifest';
import { dynamoClient } from './local/support';

let dynamo: DynamoDbLocal;
let query: typeof import('../src/lib/dynamo/query');

/** Long enough attributes that one query page (1 MB) cannot hold a partition of 600. */
const FILLER = 'x'.repeat(3000);
const PARTITION = 'QTEST#big';
const COUNT = 600;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal({ port: 0 });
  Object.assign(process.env, LOCAL_SECRETS, {
    TABLE_NAME: 'query-unit',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: 'cn-north-1',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const { resetConfigForTests } = await import('../src/lib/config');
  resetConfigForTests();
  await ensureTable(dynamoClient(dynamo.endpoint), 'query-unit', manifest.table);
  query = await import('../src/lib/dynamo/query');
  const { db } = await import('../src/lib/dynamo/client');
  const items = [
    ...Array.from({ length: COUNT }, (_, i) => ({
      pk: PARTITION,
      sk: `N#${String(i).padStart(4, '0')}`,
      type: 'QTEST',
      gsi1pk: 'QTEST#index',
      gsi1sk: String(i),
      filler: FILLER,
    })),
    ...Array.from({ length: 30 }, (_, i) => ({ pk: `QOTHER#${i}`, sk: 'A', type: 'QOTHER' })),
  ];
  for (let i = 0; i < items.length; i += 25) {
    await db().send(
      new BatchWriteCommand({
        RequestItems: { 'query-unit': items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  await dynamo?.stop();
});

describe('lib/dynamo/query', () => {
  it('queryAll reads a partition larger than one page, in key order', async () => {
    const items = await query.queryAll<{ sk: string }>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PARTITION },
      ProjectionExpression: 'sk',
    });
    expect(items).toHaveLength(COUNT);
    expect(items[0]?.sk).toBe('N#0000');
    expect(items.at(-1)?.sk).toBe(`N#${String(COUNT - 1).padStart(4, '0')}`);
    // A small Limit forces many pages: all are read.
    const paged = await query.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': PARTITION, ':p': 'N#00' },
      Limit: 7,
    });
    expect(paged).toHaveLength(100);
  });

  it('countAll and countGsi1 count across pages without reading items back', async () => {
    expect(
      await query.countAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PARTITION },
      }),
    ).toBe(COUNT);
    expect(await query.countGsi1('QTEST#index')).toBe(COUNT);
    expect(await query.countGsi1('QTEST#none')).toBe(0);
  });

  it('scanTypes reads every item of the given types over all segments', async () => {
    const others = await query.scanTypes(['QOTHER']);
    expect(others).toHaveLength(30);
    expect(new Set(others.map((i) => i.pk)).size).toBe(30);
    const both = await query.parallelScan(
      {
        FilterExpression: '#type IN (:a, :b)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':a': 'QOTHER', ':b': 'QTEST' },
        ProjectionExpression: 'pk, sk',
      },
      3,
    );
    expect(both).toHaveLength(COUNT + 30);
  });
});
