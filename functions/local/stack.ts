/**
 * The whole back end on one machine, from the manifest: DynamoDB Local with the table, the fake
 * WeChat API, every route behind an API Gateway-shaped HTTP server, the stream consumers fed by
 * a poller and the schedules on timers. `npm start` and the API tests both run this.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { runAt } from '../src/clock';
import { manifest } from '../src/manifest';
import { startDynamoDbLocal } from './dynamodb-local';
import { startFakeWeChat } from './fake-wechat';
import { type LocalRoute, startApiServer } from './http-server';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_SECRETS } from './local-env';
import { startSchedules } from './scheduler';
import { startStreamPoller } from './stream-poller';
import { ensureTable } from './table';

export interface LocalStackOptions {
  apiPort: number;
  wechatPort: number;
  dynamoPort: number;
  /** Control endpoints for tests and demos (drain streams, run a schedule now). */
  controlPort: number;
  /** Omitted → DynamoDB Local in memory. */
  dataDir?: string;
  tableName?: string;
  /** Schedules run this many times faster than declared (1 = as declared). */
  scheduleSpeedup?: number;
  log?: (line: Record<string, unknown>) => void;
}

export interface LocalStack {
  apiUrl: string;
  wechatUrl: string;
  dynamoEndpoint: string;
  controlUrl: string;
  tableName: string;
  drainStreams(): Promise<void>;
  /** Holds / resumes stream delivery to the consumers (the benchmark's write scenarios). */
  pauseStreams(): void;
  resumeStreams(): void;
  runSchedule(name: string): Promise<void>;
  /** Fault injection for tests: DynamoDB Local and the fake WeChat going away and coming back. */
  faults: LocalStackFaults;
  stop(): Promise<void>;
}

export interface LocalStackFaults {
  /** Stops DynamoDB Local: SIGTERM, or SIGKILL (`crash`) as a power cut would. */
  stopDynamo(how?: 'stop' | 'crash'): Promise<void>;
  /** Starts DynamoDB Local again on the same port and data directory (give one to keep data). */
  restartDynamo(): Promise<void>;
  /** Freezes DynamoDB Local (SIGSTOP): requests hang unanswered until resumed. */
  pauseDynamo(): void;
  resumeDynamo(): void;
  /** The fake WeChat drops every connection while down. */
  setWeChatDown(down: boolean): void;
}

type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<LocalRouteResult>;
type LocalRouteResult = Awaited<ReturnType<LocalRoute['invoke']>>;
type StreamLambda = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
type ScheduledLambda = () => Promise<unknown>;

async function loadHandler<T>(module: string): Promise<T> {
  // A URL rather than a relative template: vite (tests that run the stack in process) cannot
  // analyse a variable import deeper than one folder, and @vite-ignore leaves it to the runtime.
  const url = new URL(`../src/handlers/${module}.ts`, import.meta.url).href;
  const mod = (await import(/* @vite-ignore */ url)) as { handler?: T };
  if (!mod.handler) throw new Error(`functions/src/handlers/${module}.ts exports no handler`);
  return mod.handler;
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? ((line) => console.log(JSON.stringify(line)));
  const tableName = opts.tableName ?? 'grid-local';
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    const startDynamo = (port: number) =>
      startDynamoDbLocal({ port, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
    let dynamo = await startDynamo(opts.dynamoPort);
    cleanups.push(() => dynamo.stop());

    const wechat = await startFakeWeChat({
      port: opts.wechatPort,
      appId: LOCAL_SECRETS.WECHAT_APP_ID,
      appSecret: LOCAL_SECRETS.WECHAT_APP_SECRET,
    });
    cleanups.push(() => wechat.close());

    // The handlers read their configuration from the environment, as in Lambda; set it before loading them.
    Object.assign(process.env, {
      ...LOCAL_SECRETS,
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: LOCAL_REGION,
      WECHAT_API_BASE: wechat.url,
      POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME ?? 'grid-platform-local',
      // Lets tests run one request or job at a chosen instant (x-local-now header, ?at=).
      LOCAL_CLOCK_OVERRIDE: 'on',
      // DynamoDB Local on a busy machine is far slower than DynamoDB: a lenient timeout unless set.
      DYNAMODB_REQUEST_TIMEOUT_MS: process.env.DYNAMODB_REQUEST_TIMEOUT_MS ?? '10000',
    });

    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    cleanups.push(() => client.destroy());
    const table = await ensureTable(client, tableName, manifest.table);

    const routes: LocalRoute[] = [];
    for (const route of manifest.routes) {
      const handler = await loadHandler<HttpLambda>(route.handler);
      routes.push({
        method: route.method,
        path: route.path,
        operationId: route.operationId,
        invoke: handler,
      });
    }
    const api = await startApiServer({ port: opts.apiPort, routes, corsOrigins: '*', log });
    cleanups.push(() => api.close());

    const consumers = await Promise.all(
      manifest.streamConsumers.map(async (c) => ({
        name: c.name,
        batchSize: c.batchSize,
        handler: await loadHandler<StreamLambda>(c.handler),
      })),
    );
    const poller = startStreamPoller({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      streamArn: table.streamArn,
      consumers,
      // A persisted database has history the consumers already saw in an earlier run.
      startAt: opts.dataDir && !table.created ? 'LATEST' : 'TRIM_HORIZON',
      onError: (err, consumer) =>
        log({ level: 'ERROR', msg: 'stream batch discarded', consumer, error: String(err) }),
    });
    cleanups.push(() => poller.stop());

    const jobs = await Promise.all(
      manifest.schedules.map(async (s) => {
        const run = await loadHandler<ScheduledLambda>(s.handler);
        return { name: s.name, everyMinutes: s.everyMinutes, run: () => run() };
      }),
    );
    const schedules = startSchedules(jobs, {
      speedup: opts.scheduleSpeedup ?? 1,
      onError: (err, name) =>
        log({ level: 'ERROR', msg: 'schedule failed', schedule: name, error: String(err) }),
    });
    cleanups.push(() => schedules.stop());

    const control = createServer((req, res) => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://local');
      const schedule = /^\/schedules\/([A-Za-z0-9-]+)\/run$/.exec(url.pathname)?.[1];
      const at = url.searchParams.get('at');
      const work =
        req.method === 'POST' && url.pathname === '/streams/drain'
          ? poller.drain(60_000)
          : req.method === 'POST' && schedule
            ? at
              ? runAt(new Date(at), () => schedules.runNow(schedule))
              : schedules.runNow(schedule)
            : null;
      if (!work) return answer(404, { error: 'no such control route' });
      work.then(
        () => answer(200, { ok: true }),
        (err: unknown) => answer(500, { error: String(err) }),
      );
    });
    await new Promise<void>((resolve) => control.listen(opts.controlPort, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => control.close(() => resolve())));

    return {
      apiUrl: api.url,
      wechatUrl: wechat.url,
      dynamoEndpoint: dynamo.endpoint,
      controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
      tableName,
      drainStreams: () => poller.drain(60_000),
      pauseStreams: () => poller.pause(),
      resumeStreams: () => poller.resume(),
      runSchedule: (name) => schedules.runNow(name),
      faults: {
        stopDynamo: (how = 'stop') => dynamo.stop(how === 'crash' ? 'SIGKILL' : 'SIGTERM'),
        restartDynamo: async () => {
          await dynamo.stop();
          dynamo = await startDynamo(dynamo.port);
        },
        pauseDynamo: () => dynamo.pause(),
        resumeDynamo: () => dynamo.resume(),
        setWeChatDown: (down) => wechat.setDown(down),
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
