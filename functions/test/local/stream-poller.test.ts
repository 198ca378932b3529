import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { StreamBatchDiscardedError, type StreamPoller, startStreamPoller } from '../../local/stream-poller';
import { ensureTable } from '../../local/table';
import { CREDENTIALS, dynamoClient, REGION, SAMPLE_TABLE } from './support';

let db: DynamoDbLocal;
let client: DynamoDBClient;
const pollers: StreamPoller[] = [];
let tableCounter = 0;

beforeAll(async () => {
  db = await startDynamoDbLocal({ port: 0 });
  client = dynamoClient(db.endpoint);
}, 60_000);

afterAll(async () => {
  await Promise.all(pollers.map((poller) => poller.stop()));
  client?.destroy();
  await db?.stop();
});

/** Every test gets its own table, hence its own stream. */
async function freshTable(): Promise<{ tableName: string; streamArn: string }> {
  tableCounter += 1;
  const tableName = `stream-test-${tableCounter}`;
  const { streamArn } = await ensureTable(client, tableName, SAMPLE_TABLE);
  return { tableName, streamArn };
}

function poll(
  streamArn: string,
  consumers: Parameters<typeof startStreamPoller>[0]['consumers'],
  extra = {},
) {
  const poller = startStreamPoller({
    endpoint: db.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    streamArn,
    consumers,
    intervalMs: 50,
    ...extra,
  });
  pollers.push(poller);
  return poller;
}

async function putNote(tableName: string, id: number): Promise<void> {
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: { pk: { S: `NOTE#${id}` }, sk: { S: 'NOTE' }, n: { N: String(id) } },
    }),
  );
}

const keyOf = (record: DynamoDBRecord): string => record.dynamodb?.Keys?.pk?.S ?? '?';

/** Records every delivery (a fresh copy per delivery, as Lambda would). */
function recorder(name: string, batchSize: number) {
  const deliveries: DynamoDBRecord[][] = [];
  return {
    deliveries,
    consumer: {
      name,
      batchSize,
      handler: async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
        deliveries.push(event.Records);
        return { batchItemFailures: [] };
      },
    },
  };
}

describe('startStreamPoller', () => {
  it('delivers INSERT, MODIFY and REMOVE as Lambda DynamoDBStreamEvents, in order', async () => {
    const { tableName, streamArn } = await freshTable();
    const { deliveries, consumer } = recorder('shape', 10);
    const poller = poll(streamArn, [consumer]);

    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: 'PERSON#1' },
          sk: { S: 'PROFILE' },
          name: { S: '张三' },
          age: { N: '42' },
          tags: { SS: ['a', 'b'] },
          photo: { B: Uint8Array.from([1, 2, 255]) },
          nested: { M: { list: { L: [{ BOOL: true }, { NULL: true }] } } },
        },
      }),
    );
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: 'PERSON#1' }, sk: { S: 'PROFILE' } },
        UpdateExpression: 'SET age = :age',
        ExpressionAttributeValues: { ':age': { N: '43' } },
      }),
    );
    await client.send(
      new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'PERSON#1' }, sk: { S: 'PROFILE' } } }),
    );
    await poller.drain();

    const records = deliveries.flat();
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const [insert, modify, remove] = records;
    const keys = { pk: { S: 'PERSON#1' }, sk: { S: 'PROFILE' } };
    expect(insert).toMatchObject({
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      awsRegion: REGION,
      eventSourceARN: streamArn,
      dynamodb: {
        Keys: keys,
        NewImage: {
          ...keys,
          name: { S: '张三' },
          age: { N: '42' },
          tags: { SS: ['a', 'b'] },
          photo: { B: Buffer.from([1, 2, 255]).toString('base64') },
          nested: { M: { list: { L: [{ BOOL: true }, { NULL: true }] } } },
        },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(insert?.eventID).toEqual(expect.any(String));
    expect(insert?.dynamodb?.OldImage).toBeUndefined();
    expect(insert?.dynamodb?.SizeBytes).toBeGreaterThan(0);
    const created = insert?.dynamodb?.ApproximateCreationDateTime ?? 0;
    expect(Number.isInteger(created)).toBe(true);
    expect(Math.abs(created - Date.now() / 1000)).toBeLessThan(120);

    expect(modify?.dynamodb?.OldImage?.age).toEqual({ N: '42' });
    expect(modify?.dynamodb?.NewImage?.age).toEqual({ N: '43' });
    expect(remove?.dynamodb?.OldImage?.age).toEqual({ N: '43' });
    expect(remove?.dynamodb?.NewImage).toBeUndefined();

    const sequence = records.map((r) => BigInt(r.dynamodb?.SequenceNumber ?? '0'));
    expect([...sequence].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequence);
    // Plain JSON, like the event Lambda hands over.
    expect(JSON.parse(JSON.stringify(records))).toEqual(records);
  });

  it('feeds each consumer independently, in batches of its own size', async () => {
    const { tableName, streamArn } = await freshTable();
    for (let id = 1; id <= 5; id++) await putNote(tableName, id);
    const small = recorder('small', 2);
    const large = recorder('large', 10);
    const poller = poll(streamArn, [small.consumer, large.consumer]);
    await poller.drain();

    expect(small.deliveries.map((batch) => batch.map(keyOf))).toEqual([
      ['NOTE#1', 'NOTE#2'],
      ['NOTE#3', 'NOTE#4'],
      ['NOTE#5'],
    ]);
    expect(large.deliveries.map((batch) => batch.map(keyOf))).toEqual([
      ['NOTE#1', 'NOTE#2', 'NOTE#3', 'NOTE#4', 'NOTE#5'],
    ]);

    // Later writes continue where each consumer stopped.
    await putNote(tableName, 6);
    await poller.drain();
    expect(small.deliveries.flat().map(keyOf)).toEqual([
      'NOTE#1',
      'NOTE#2',
      'NOTE#3',
      'NOTE#4',
      'NOTE#5',
      'NOTE#6',
    ]);
    expect(large.deliveries.flat().map(keyOf)).toEqual([
      'NOTE#1',
      'NOTE#2',
      'NOTE#3',
      'NOTE#4',
      'NOTE#5',
      'NOTE#6',
    ]);
  });

  it('re-delivers from the first reported failure; the succeeded prefix is not sent again', async () => {
    const { tableName, streamArn } = await freshTable();
    for (let id = 1; id <= 5; id++) await putNote(tableName, id);
    const deliveries: string[][] = [];
    let failedOnce = false;
    const poller = poll(streamArn, [
      {
        name: 'flaky',
        batchSize: 10,
        handler: async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
          deliveries.push(event.Records.map(keyOf));
          const third = event.Records.find((record) => keyOf(record) === 'NOTE#3');
          if (third && !failedOnce) {
            failedOnce = true;
            // NOTE#4 also fails: the retry starts at the first failure regardless of order.
            const fourth = event.Records.find((record) => keyOf(record) === 'NOTE#4');
            return {
              batchItemFailures: [
                { itemIdentifier: fourth?.dynamodb?.SequenceNumber ?? '' },
                { itemIdentifier: third.dynamodb?.SequenceNumber ?? '' },
              ],
            };
          }
          return { batchItemFailures: [] };
        },
      },
    ]);
    await poller.drain();
    expect(deliveries).toEqual([
      ['NOTE#1', 'NOTE#2', 'NOTE#3', 'NOTE#4', 'NOTE#5'],
      ['NOTE#3', 'NOTE#4', 'NOTE#5'],
    ]);
  });

  it('gives up on a batch that keeps failing after 3 retries, reports it, and the other consumer is unaffected', async () => {
    const { tableName, streamArn } = await freshTable();
    for (let id = 1; id <= 3; id++) await putNote(tableName, id);
    const errors: Array<{ err: unknown; consumer: string }> = [];
    const healthy = recorder('healthy', 10);
    let brokenCalls = 0;
    const poller = poll(
      streamArn,
      [
        {
          name: 'broken',
          batchSize: 10,
          handler: async () => {
            brokenCalls += 1;
            throw new Error('consumer is broken');
          },
        },
        healthy.consumer,
      ],
      { onError: (err: unknown, consumer: string) => errors.push({ err, consumer }) },
    );
    await poller.drain();

    expect(brokenCalls).toBe(4);
    expect(healthy.deliveries.flat().map(keyOf)).toEqual(['NOTE#1', 'NOTE#2', 'NOTE#3']);
    expect(errors).toHaveLength(1);
    const [{ err, consumer } = { err: undefined, consumer: '' }] = errors;
    expect(consumer).toBe('broken');
    expect(err).toBeInstanceOf(StreamBatchDiscardedError);
    const discarded = err as StreamBatchDiscardedError;
    expect(discarded.sequenceNumbers).toHaveLength(3);
    expect(discarded.attempts).toBe(4);
    expect((discarded.cause as Error).message).toBe('consumer is broken');

    // It moved on: new records reach it again.
    await putNote(tableName, 4);
    await poller.drain();
    expect(brokenCalls).toBe(8);
    expect(errors).toHaveLength(2);
  });

  it('drops a record whose failure is reported every time, after the same retries', async () => {
    const { tableName, streamArn } = await freshTable();
    for (let id = 1; id <= 3; id++) await putNote(tableName, id);
    const deliveries: string[][] = [];
    const errors: unknown[] = [];
    const poller = poll(
      streamArn,
      [
        {
          name: 'poison',
          batchSize: 10,
          handler: async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
            deliveries.push(event.Records.map(keyOf));
            const poison = event.Records.find((record) => keyOf(record) === 'NOTE#2');
            return {
              batchItemFailures: poison ? [{ itemIdentifier: poison.dynamodb?.SequenceNumber ?? '' }] : [],
            };
          },
        },
      ],
      { onError: (err: unknown) => errors.push(err) },
    );
    await poller.drain();
    expect(deliveries).toEqual([
      ['NOTE#1', 'NOTE#2', 'NOTE#3'],
      ['NOTE#2', 'NOTE#3'],
      ['NOTE#2', 'NOTE#3'],
      ['NOTE#2', 'NOTE#3'],
    ]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as StreamBatchDiscardedError).sequenceNumbers).toHaveLength(2);
  });

  it("startAt 'LATEST' skips what was in the stream before it started", async () => {
    const { tableName, streamArn } = await freshTable();
    await putNote(tableName, 1);
    const { deliveries, consumer } = recorder('latest', 10);
    const poller = poll(streamArn, [consumer], { startAt: 'LATEST' });
    await poller.drain();
    await putNote(tableName, 2);
    await poller.drain();
    expect(deliveries.flat().map(keyOf)).toEqual(['NOTE#2']);
  });

  it('drain rejects after its timeout naming the consumer that is behind; stop ends the loops', async () => {
    const { tableName, streamArn } = await freshTable();
    await putNote(tableName, 1);
    let release: () => void = () => {};
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const poller = poll(streamArn, [
      {
        name: 'slow',
        batchSize: 10,
        handler: async () => {
          await blocked;
        },
      },
    ]);
    await expect(poller.drain(300)).rejects.toThrow(/not caught up after 300 ms: slow/);
    release();
    await poller.drain();
    await poller.stop();
    await expect(poller.drain()).rejects.toThrow(/stopped/);
  });
});
