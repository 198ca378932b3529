/**
 * The poller as the local runtime uses it for the manifest's readers: filtered delivery (the
 * mapping's filter criteria), invocation counts, and a drain that returns only when the system is
 * quiet, records the consumers themselves wrote included.
 */
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller';
import { ensureTable } from '../../local/table';
import { matchesAnyPattern, streamFilterPatterns } from '../../src/manifest/streams';
import { CREDENTIALS, dynamoClient, REGION, SAMPLE_TABLE } from './support';

let db: DynamoDbLocal;
let client: DynamoDBClient;
const pollers: StreamPoller[] = [];

beforeAll(async () => {
  db = await startDynamoDbLocal({ port: 0 });
  client = dynamoClient(db.endpoint);
}, 60_000);

afterAll(async () => {
  await Promise.all(pollers.map((poller) => poller.stop()));
  client?.destroy();
  await db?.stop();
});

let tables = 0;
async function freshTable(): Promise<{ tableName: string; streamArn: string }> {
  tables += 1;
  const tableName = `quiet-test-${tables}`;
  const { streamArn } = await ensureTable(client, tableName, SAMPLE_TABLE);
  return { tableName, streamArn };
}

function poll(
  streamArn: string,
  consumers: Parameters<typeof startStreamPoller>[0]['consumers'],
): StreamPoller {
  const poller = startStreamPoller({
    endpoint: db.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    streamArn,
    intervalMs: 50,
    consumers,
  });
  pollers.push(poller);
  return poller;
}

const typeOf = (record: DynamoDBRecord) => record.dynamodb?.NewImage?.type?.S ?? '';

async function put(tableName: string, id: string, type: string): Promise<void> {
  await client.send(
    new PutItemCommand({ TableName: tableName, Item: { pk: { S: id }, sk: { S: type }, type: { S: type } } }),
  );
}

/** A reader that, like a consumer writing derived items, writes the next hop for each record it gets. */
function reader(
  name: string,
  tableName: string,
  types: string[],
  next: Record<string, string>,
  seen: string[],
) {
  const patterns = streamFilterPatterns([{ types, events: ['INSERT'] }]);
  return {
    name,
    batchSize: 10,
    filter: (record: DynamoDBRecord) => matchesAnyPattern(patterns, record),
    handler: async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      for (const record of event.Records) {
        const type = typeOf(record);
        seen.push(`${record.dynamodb?.Keys?.pk?.S}:${type}`);
        // A little slower than a poll interval: the other reader has gone idle meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 80));
        const hop = next[type];
        if (hop) await put(tableName, record.dynamodb?.Keys?.pk?.S ?? '', hop);
      }
      return { batchItemFailures: [] };
    },
  };
}

describe('stream readers locally', () => {
  it('one drain covers a chain of writes across both readers', async () => {
    const { tableName, streamArn } = await freshTable();
    const first: string[] = [];
    const second: string[] = [];
    // REPORT → (first) ALERT → (second) NOTICE → (first) DONE: three hops after the write.
    const poller = poll(streamArn, [
      reader('first', tableName, ['REPORT', 'NOTICE'], { REPORT: 'ALERT', NOTICE: 'DONE' }, first),
      reader('second', tableName, ['ALERT'], { ALERT: 'NOTICE' }, second),
    ]);
    await poller.drain();
    await put(tableName, 'P1', 'REPORT');
    await poller.drain();
    expect(first).toEqual(['P1:REPORT', 'P1:NOTICE']);
    expect(second).toEqual(['P1:ALERT']);
  });

  it('invokes a reader only for the records its filter lets through', async () => {
    const { tableName, streamArn } = await freshTable();
    const seen: string[] = [];
    const poller = poll(streamArn, [reader('picky', tableName, ['WANTED'], {}, seen)]);
    for (let i = 0; i < 5; i++) await put(tableName, `N${i}`, 'NOISE');
    await poller.drain();
    expect(poller.counts()).toEqual({
      picky: { invocations: 0, recordsRead: 5, readsWithRecords: expect.any(Number) },
    });
    await put(tableName, 'W1', 'WANTED');
    for (let i = 5; i < 10; i++) await put(tableName, `N${i}`, 'NOISE');
    await poller.drain();
    expect(seen).toEqual(['W1:WANTED']);
    expect(poller.counts()).toEqual({
      picky: { invocations: 1, recordsRead: 11, readsWithRecords: expect.any(Number) },
    });
  });
});
