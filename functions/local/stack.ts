/**
 * The whole back end on one machine, from the manifest: DynamoDB Local with the table, the fake
 * WeChat API, every route behind an API Gateway-shaped HTTP server, the stream consumers fed by
 * a poller and the schedules on timers. `npm start` and the API tests both run this.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context, DynamoDBStreamEvent } from 'aws-lambda';
import { runAt } from '../src/lib/clock';
import { manifest } from '../src/manifest';
import { handlerModule } from '../src/manifest/route';
import { consumersOf } from '../src/manifest/streams';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { startFakeWeChat } from './fake-wechat';
import { lambdaContext } from './http-event';
import { type LocalRoute, startApiServer } from './http-server';
import { withInvocation } from './invocation';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_SECRETS } from './local-env';
import { startSchedules } from './scheduler';
import { fileCheckpoints } from './stream-checkpoints';
import { StreamBatchDiscardedError, startStreamPoller } from './stream-poller';
import type { StreamConsumerCounts } from './stream-poller-api';
import { localStreamReaders } from './stream-readers';
import { ensureTable } from './table';
import { registerTextImports } from './text-imports';

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
  /** The API answers 503 STARTING (Retry-After) to every request until markReady() (`npm start` seeds first). */
  startGated?: boolean;
  /** Lines for a person at the terminal: DynamoDB Local died and is restarted, … (default: stderr). */
  notice?: (line: string) => void;
  /** The stack cannot go on (DynamoDB Local died with its data in memory, or keeps dying). */
  onFatal?: (message: string) => void;
  /** Told of every batch a stream reader finished (the benchmark's lag measurement). */
  onStreamBatch?: (reader: string, event: DynamoDBStreamEvent, finishedAt: number) => void;
}

export interface LocalStack {
  apiUrl: string;
  wechatUrl: string;
  dynamoEndpoint: string;
  controlUrl: string;
  tableName: string;
  /** Opens the API to requests (see startGated). */
  markReady(): void;
  drainStreams(): Promise<void>;
  /** Holds / resumes stream delivery to the consumers (the benchmark's write scenarios). */
  pauseStreams(): void;
  resumeStreams(): void;
  /** Per stream reader: invocations and records read so far (the benchmark's invocation counts). */
  streamCounts(): Record<string, StreamConsumerCounts>;
  runSchedule(name: string): Promise<unknown>;
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
type ScheduledLambda = (event: unknown, context: Context) => Promise<unknown>;

async function loadHandler<T>(module: string): Promise<T> {
  // A URL rather than a relative template: vite (tests that run the stack in process) cannot
  // analyse a variable import deeper than one folder, and @vite-ignore leaves it to the runtime.
  const url = new URL(`../src/${handlerModule(module)}.ts`, import.meta.url).href;
  registerTextImports();
  const mod = (await import(/* @vite-ignore */ url)) as { handler?: T };
  if (!mod.handler) throw new Error(`functions/src/${handlerModule(module)}.ts exports no handler`);
  return mod.handler;
}

/** More unexpected exits of DynamoDB Local than this within RESTART_WINDOW_MS: give up. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;
/** How long a stop waits for the stream consumers to finish what was written before it. */
const STOP_DRAIN_MS = 15_000;
const DRAIN_TIMEOUT_MS = 60_000;

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? ((line) => console.log(JSON.stringify(line)));
  const notice = opts.notice ?? ((line) => console.error(line));
  const tableName = opts.tableName ?? 'grid-local';
  const cleanups: Array<() => Promise<void> | void> = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  };
  let ready = !opts.startGated;
  /** Set while DynamoDB Local is being started again after dying; never rejects. */
  let restarting: Promise<void> | undefined;

  try {
    const startDynamo = (port: number) =>
      startDynamoDbLocal({ port, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
    let dynamo = await startDynamo(opts.dynamoPort);
    // A restart under way finishes first, so the java it starts is the one stopped.
    cleanups.push(async () => {
      await restarting;
      await dynamo.stop();
    });

    // Supervision: java dying under us (kill -9, out of memory) is said in one line and, when the
    // data is on disk, repaired by starting it again on the same port; in memory there is nothing
    // to come back to, so the stack stops.
    const restarts: number[] = [];
    let fatal: string | undefined;
    const giveUp = (message: string) => {
      fatal = message;
      notice(message);
      opts.onFatal?.(message);
    };
    const supervise = (instance: DynamoDbLocal) =>
      instance.onUnexpectedExit((how) => {
        if (stopping) return;
        const what = `DynamoDB Local (java, pid ${instance.pid}) exited unexpectedly (${how})`;
        if (!opts.dataDir) return giveUp(`${what}; its data was in memory, so the local stack stops.`);
        const now = Date.now();
        restarts.push(now);
        if (restarts.filter((at) => now - at < RESTART_WINDOW_MS).length > MAX_RESTARTS)
          return giveUp(`${what} again: ${MAX_RESTARTS + 1} times in a minute, so the local stack stops.`);
        notice(`${what}; restarting it on port ${instance.port} (the data in ${opts.dataDir} is kept)…`);
        restarting = startDynamo(instance.port).then(
          (next) => {
            dynamo = next;
            supervise(next);
            restarting = undefined;
            notice(`DynamoDB Local is back (pid ${next.pid}).`);
          },
          (err: unknown) => giveUp(`DynamoDB Local could not be restarted: ${String(err)}`),
        );
      });
    supervise(dynamo);
    const dynamoUp = async () => {
      if (restarting) await restarting;
      if (fatal) throw new Error(fatal);
    };
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
        invoke: (event, context) => withInvocation(route.operationId, () => handler(event, context)),
      });
    }
    const api = await startApiServer({
      port: opts.apiPort,
      routes,
      corsOrigins: '*',
      log,
      isReady: () => ready,
    });

    const consumers = await localStreamReaders(manifest, log, opts.onStreamBatch);
    const checkpoints = opts.dataDir
      ? fileCheckpoints(`${opts.dataDir}/stream-checkpoints.json`, table.streamArn)
      : undefined;
    for (const reader of manifest.streamReaders)
      checkpoints?.adopt(
        reader.name,
        consumersOf(manifest, reader.name).map((c) => c.name),
      );
    const poller = startStreamPoller({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      streamArn: table.streamArn,
      consumers,
      ...(checkpoints ? { checkpoints } : {}),
      // A persisted database has history the consumers already saw in an earlier run: resume after
      // each consumer's checkpoint; only a database from before checkpoints were kept starts at the end.
      startAt: opts.dataDir && !table.created && !checkpoints?.resumed ? 'LATEST' : 'TRIM_HORIZON',
      onError: (err, consumer) => {
        if (err instanceof StreamBatchDiscardedError)
          return log({ level: 'ERROR', msg: 'stream batch discarded', consumer, error: String(err) });
        // While DynamoDB Local restarts every poll fails: the restart was said once already.
        if (!restarting && !stopping)
          log({ level: 'WARN', msg: 'stream poll failed', consumer, error: String(err) });
      },
    });
    // Stop order (cleanups run in reverse): stop accepting requests and schedules, let the
    // consumers finish what was written, then the poller, and DynamoDB Local last.
    cleanups.push(async () => {
      if (!fatal && !restarting)
        await poller.drain(STOP_DRAIN_MS).catch((err: unknown) => notice(`Stopping: ${String(err)}`));
      await poller.stop();
    });

    const jobs = await Promise.all(
      manifest.schedules.map(async (s) => {
        const run = await loadHandler<ScheduledLambda>(s.handler);
        // Lambda's timeout of a schedule (infra: its interval, at most 15 minutes).
        const timeoutMs = Math.min(15, s.everyMinutes) * 60_000;
        return {
          name: s.name,
          everyMinutes: s.everyMinutes,
          run: () => withInvocation(s.name, () => run({}, lambdaContext(s.name, Date.now() + timeoutMs))),
        };
      }),
    );
    const schedules = startSchedules(jobs, {
      speedup: opts.scheduleSpeedup ?? 1,
      onError: (err, name) =>
        log({ level: 'ERROR', msg: 'schedule failed', schedule: name, error: String(err) }),
    });
    cleanups.push(() => schedules.stop());
    cleanups.push(() => api.close());

    // While DynamoDB Local restarts, a drain waits for it; once the stack has given up, it fails at once.
    const drainStreams = async () => {
      await dynamoUp();
      await poller.drain(DRAIN_TIMEOUT_MS);
    };
    const control = createServer((req, res) => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://local');
      const schedule = /^\/schedules\/([A-Za-z0-9-]+)\/run$/.exec(url.pathname)?.[1];
      const at = url.searchParams.get('at');
      const work: Promise<unknown> | null =
        req.method === 'POST' && url.pathname === '/streams/drain'
          ? drainStreams()
          : req.method === 'POST' && schedule
            ? at
              ? runAt(new Date(at), () => schedules.runNow(schedule))
              : schedules.runNow(schedule)
            : null;
      if (!work) return answer(404, { error: 'no such control route' });
      work.then(
        (result) => answer(200, { ok: true, ...(result === undefined ? {} : { result }) }),
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
      markReady: () => {
        ready = true;
      },
      drainStreams,
      pauseStreams: () => poller.pause(),
      resumeStreams: () => poller.resume(),
      streamCounts: () => poller.counts(),
      runSchedule: (name) => schedules.runNow(name),
      faults: {
        stopDynamo: (how = 'stop') => dynamo.stop(how === 'crash' ? 'SIGKILL' : 'SIGTERM'),
        restartDynamo: async () => {
          await dynamo.stop();
          dynamo = await startDynamo(dynamo.port);
          supervise(dynamo);
        },
        pauseDynamo: () => dynamo.pause(),
        resumeDynamo: () => dynamo.resume(),
        setWeChatDown: (down) => wechat.setDown(down),
      },
      stop: async () => {
        if (!stopping) await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
