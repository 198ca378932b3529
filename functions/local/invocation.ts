/**
 * Which function a line of log output belongs to. In AWS every function has its own process, so the
 * Powertools logger's function name is right; locally every handler shares one process and one
 * logger, whose name is whatever the last HTTP handler set (a consumer's lines said getOpenApi).
 * The local runtime runs each invocation inside withInvocation(); the terminal reads the name back
 * when the line is written, which happens synchronously inside the invocation's async context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Invocation {
  functionName: string;
  /** What the function's log lines said it did (non-zero counts), for its one readable line. */
  did: string[];
}

const current = new AsyncLocalStorage<Invocation>();

export function withInvocation<T>(functionName: string, fn: () => T, invocation?: Invocation): T {
  return current.run(invocation ?? { functionName, did: [] }, fn);
}

/** The function whose invocation is running here, if any. */
export function invocationName(): string | undefined {
  return current.getStore()?.functionName;
}

/** Notes the non-zero counts of a log line (except the batch size) on the running invocation. */
export function noteCounts(line: Record<string, unknown>): void {
  const invocation = current.getStore();
  if (!invocation) return;
  for (const [key, value] of Object.entries(line)) {
    if (key !== 'records' && typeof value === 'number' && value > 0) invocation.did.push(`${key} ${value}`);
  }
}

/** A JSON log line with its function_name set to the invocation that wrote it. */
export function withOwnFunctionName(line: string): string {
  const name = invocationName();
  if (name === undefined || !line.startsWith('{')) return line;
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (parsed.function_name === name) return line;
    parsed.function_name = name;
    return JSON.stringify(parsed);
  } catch {
    return line;
  }
}
