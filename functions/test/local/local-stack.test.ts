/**
 * The pieces wired together the way the local runtime does it: a small manifest whose handler
 * names resolve to fixture modules, one table, the API server, the stream poller and a schedule.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { type ApiServer, type RouteInvoke, startApiServer } from '../../local/http-server';
import { type Schedules, startSchedules } from '../../local/scheduler';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller';
import { ensureTable } from '../../local/table';
import type { Manifest, RouteDefinition } from '../../src/manifest/types';
import { CREDENTIALS, dynamoClient, REGION, SAMPLE_TABLE } from './support';

const route = (operationId: string, method: RouteDefinition['method'], path: string, handler: string) =>
  ({
    operationId,
    method,
    path,
    handler,
    auth: 'public',
    table: 'readwrite',
    summary: operationId,
    tags: ['notes'],
    request: {},
    responses: {},
  }) satisfies RouteDefinition;

const manifest: Manifest = {
  table: SAMPLE_TABLE,
  routes: [
    route('putNote', 'PUT', '/v1/notes/{noteId}', 'put-note'),
    route('getNoteCount', 'GET', '/v1/notes/count', 'get-note-count'),
  ],
  streamReaders: [{ name: 'notes', batchSize: 2, batchingWindowSeconds: 1, description: 'notes' }],
  // The fixture module exports a whole Lambda handler: this test wires the consumer itself.
  streamConsumers: [
    {
      name: 'countNotes',
      handler: 'count-notes',
      reader: 'notes',
      handles: [{ types: ['NOTE'], events: ['INSERT', 'REMOVE'] }],
      table: 'readwrite',
      description: 'counts notes',
    },
  ],
  schedules: [
    {
      name: 'purgeNotes',
      handler: 'purge-notes',
      everyMinutes: 60,
      table: 'readwrite',
      description: 'purge',
    },
  ],
};

type AnyHandler = (event: never, context: Context) => Promise<unknown>;

/** What the start script does with `handler` names: import the module, take its `handler`. */
async function loadHandler<T extends AnyHandler>(name: string): Promise<T> {
  const module = (await import(`../fixtures/handlers/${name}.ts`)) as { handler?: T };
  if (typeof module.handler !== 'function') throw new Error(`${name} exports no handler`);
  return module.handler;
}

let db: DynamoDbLocal;
let client: DynamoDBClient;
let api: ApiServer;
let poller: StreamPoller;
let schedules: Schedules;

beforeAll(async () => {
  db = await startDynamoDbLocal({ port: 0 });
  client = dynamoClient(db.endpoint);
  const tableName = 'local-stack';
  const { streamArn } = await ensureTable(client, tableName, manifest.table);
  // Handlers read their config from env at cold start, as in Lambda.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: db.endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  });

  api = await startApiServer({
    port: 0,
    log: () => {},
    routes: await Promise.all(
      manifest.routes.map(async (r) => ({
        ...r,
        invoke: await loadHandler<RouteInvoke>(r.handler),
      })),
    ),
  });
  poller = startStreamPoller({
    endpoint: db.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    streamArn,
    intervalMs: 50,
    consumers: await Promise.all(
      manifest.streamConsumers.map(async (c) => ({
        name: c.name,
        batchSize: manifest.streamReaders.find((r) => r.name === c.reader)?.batchSize ?? 1,
        handler: await loadHandler<(event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>>(c.handler),
      })),
    ),
  });
  schedules = startSchedules(
    await Promise.all(
      manifest.schedules.map(async (s) => ({
        name: s.name,
        everyMinutes: s.everyMinutes,
        run: await loadHandler<() => Promise<unknown>>(s.handler),
      })),
    ),
  );
}, 60_000);

afterAll(async () => {
  schedules?.stop();
  await poller?.stop();
  await api?.close();
  client?.destroy();
  await db?.stop();
});

describe('local stack from a manifest', () => {
  it('API writes reach the stream consumer; the schedule purges and the consumer sees the removals', async () => {
    for (const id of ['a', 'b', 'c']) {
      const response = await fetch(`${api.url}/v1/notes/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `note ${id}` }),
      });
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ noteId: id });
    }
    await poller.drain();
    const counted = await fetch(`${api.url}/v1/notes/count`);
    expect(await counted.json()).toEqual({ count: 3 });

    await schedules.runNow('purgeNotes');
    await poller.drain();
    const afterPurge = await fetch(`${api.url}/v1/notes/count`);
    expect(await afterPurge.json()).toEqual({ count: 0 });
  });
});
