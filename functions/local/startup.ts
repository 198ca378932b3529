/**
 * What `npm start` checks and watches around the stack: ports free before anything starts, the
 * processes that started it still there (so `kill <npm pid>` stops everything), a reset of the
 * kept database.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';

/** A failure the person at the terminal can act on: printed as its message alone, no stack trace. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export interface NamedPort {
  /** The environment variable that moves it, e.g. API_PORT. */
  variable: string;
  port: number;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(true) : reject(err),
    );
    // No host: a server on any address (0.0.0.0, ::, 127.0.0.1) of this port makes it fail.
    server.listen(port, () => server.close(() => resolve(false)));
  });
}

/** One line naming the first busy port and its variable, before anything has started. */
export async function assertPortsFree(ports: readonly NamedPort[]): Promise<void> {
  for (const { variable, port } of ports) {
    if (port === 0) continue;
    if (await portInUse(port))
      throw new StartupError(
        `Port ${port} (${variable}) is already in use — is another \`npm start\` still running? ` +
          `Stop it, or choose another port: ${variable}=<port> npm start`,
      );
  }
}

interface ProcStat {
  ppid: number;
  pgrp: number;
  startTime: string;
}

function procStat(pid: number | 'self'): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return { ppid: Number(fields[1]), pgrp: Number(fields[2]), startTime: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/**
 * Calls onGone once any process that started this one is gone: the chain of parents in this
 * process group (npm → sh → tsx → node). npm does not pass a SIGTERM on to its script, so without
 * this `kill <npm pid>` left the stack running with every port bound. Linux only (/proc); elsewhere
 * it watches the direct parent.
 */
export function watchAncestors(onGone: () => void, intervalMs = 1000): () => void {
  const self = procStat('self');
  const watched: Array<{ pid: number; startTime: string }> = [];
  if (self) {
    for (let pid = self.ppid, guard = 0; pid > 1 && guard < 16; guard++) {
      const stat = procStat(pid);
      if (!stat || stat.pgrp !== self.pgrp) break;
      watched.push({ pid, startTime: stat.startTime });
      pid = stat.ppid;
    }
  }
  const parent = process.ppid;
  const gone = () =>
    self
      ? watched.some(({ pid, startTime }) => procStat(pid)?.startTime !== startTime)
      : process.ppid !== parent;
  const timer = setInterval(() => {
    if (!gone()) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Deletes the kept database and the stream checkpoints (logs stay). */
export function resetLocalData(localDir: string): void {
  rmSync(`${localDir}/dynamodb`, { recursive: true, force: true });
}
