/**
 * A bench script run by run.ts in a process of its own (the app's config, its environment and its
 * imports stay in that process): started with `--out <file>`, it writes its figures there as JSON.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True in the script node was started with (not when it is imported). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === process.argv[1];
}

/** Runs `script` (a path) with `args` and `--out`, its stderr shown; resolves to the JSON it wrote. */
export function runForJson<T>(script: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  const out = join(tmpdir(), `grid-bench-${process.pid}-${Date.now()}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args, '--out', out], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} failed (exit ${code})`));
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')) as T);
      } finally {
        rmSync(out, { force: true });
      }
    });
  });
}
