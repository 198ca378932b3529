/**
 * Starts the local stack (`functions/local/start.ts` with LOCAL_MODE=test: DynamoDB Local in
 * memory, free ports, demo data seeded) in a child process, as `npm start` would, and hands the
 * URLs to the tests. Its stdout (the handlers' logs) is kept in a file so tests can check what
 * was logged.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface StackUrls {
  apiUrl: string;
  wechatUrl: string;
  controlUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  logFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackUrls;
  }
}

export default async function setup(project: TestProject) {
  mkdirSync(`${root}test-results`, { recursive: true });
  // One log per run: several runs may share the machine.
  const logFile = `${root}test-results/api-stack-${process.pid}.log`;
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      LOCAL_MODE: 'test',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // Test files share accounts (the demo admin) and fuzz hard; the limiter has its own test.
      RATE_LIMIT_RESIDENT_WRITES_PER_MINUTE: '1000000',
      RATE_LIMIT_STAFF_WRITES_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', out, out],
  });

  // A busy machine may need longer than a minute: STACK_READY_TIMEOUT_MS raises the wait.
  const waitMs = Number(process.env.STACK_READY_TIMEOUT_MS ?? 180_000);
  const deadline = Date.now() + waitMs;
  let ready: Omit<StackUrls, 'logFile'> | undefined;
  while (!ready) {
    if (child.exitCode !== null)
      throw new Error(`local stack exited early:\n${readFileSync(logFile, 'utf8')}`);
    if (Date.now() > deadline) {
      // Vitest runs no teardown when setup throws: stop the stack (and its Java child) here.
      child.kill('SIGTERM');
      throw new Error(`local stack not ready in ${waitMs / 1000} s:\n${readFileSync(logFile, 'utf8')}`);
    }
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('READY '));
    if (line) ready = JSON.parse(line.slice('READY '.length));
    else await new Promise((r) => setTimeout(r, 200));
  }
  project.provide('stack', { ...ready, logFile });

  return async () => {
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  };
}
