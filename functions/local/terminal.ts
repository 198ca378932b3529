/**
 * What `npm start` shows: one readable line per request, per stream batch that did something, and
 * per warning or error — with the full JSON of every line (the handlers' Powertools logs included)
 * appended to .local/logs/. Every JSON line carries the function that wrote it (invocation.ts).
 * In test mode the JSON goes to stdout as before, the API tests read it there.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { noteCounts, withOwnFunctionName } from './invocation';

export interface Terminal {
  /** A structured line from the local runtime (a request, a batch, an error). */
  log(line: Record<string, unknown>): void;
  /** A line for the person at the terminal (also kept in the log file). */
  say(text: string): void;
  /** Where the JSON goes; undefined in test mode (stdout). */
  logFile: string | undefined;
  /** Gives process.stdout and process.stderr their own write back. */
  restore(): void;
}

const time = () => new Date().toTimeString().slice(0, 8);

function readable(line: Record<string, unknown>): string | undefined {
  const level = String(line.level ?? '').toUpperCase();
  if (line.method && line.routeKey !== undefined) {
    const route = line.routeKey === null ? '(no route)' : String(line.routeKey).replace(/^\S+ /, '');
    return `${time()}  ${String(line.method).padEnd(6)} ${route}  ${line.status}  ${line.ms} ms${line.operationId ? `  ${line.operationId}` : ''}`;
  }
  // A batch that did nothing (a consumer's records are every change to the table) stays in the file.
  if (line.consumer && Array.isArray(line.did) && !level)
    return line.did.length > 0
      ? `${time()}  stream ${line.consumer}: ${line.did.join(', ')}  (${line.records} record(s), ${line.ms} ms)`
      : undefined;
  if (level === 'ERROR' || level === 'WARN' || level === 'CRITICAL') {
    const who = line.function_name ?? line.consumer ?? line.schedule ?? line.operationId;
    const what = line.message ?? line.msg ?? '';
    return `${time()}  ${level}${who ? ` ${who}` : ''}: ${what}${line.error ? ` — ${String(typeof line.error === 'object' ? ((line.error as { message?: unknown }).message ?? '') : line.error).split('\n')[0]}` : ''}`;
  }
  return undefined;
}

function jsonObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function startTerminal(opts: { logDir?: string; out?: (text: string) => void }): Terminal {
  const write = process.stdout.write;
  const out = opts.out ?? ((text: string) => write.call(process.stdout, text));
  let logFile: string | undefined;
  if (opts.logDir) {
    mkdirSync(opts.logDir, { recursive: true });
    logFile = `${opts.logDir}/${new Date().toISOString().slice(0, 10)}.jsonl`;
  }
  const keep = (json: string) => {
    if (logFile) appendFileSync(logFile, `${json}\n`);
    else out(`${json}\n`);
  };
  const show = (parsed: Record<string, unknown>) => {
    if (!logFile) return;
    const text = readable(parsed);
    if (text) out(`${text}\n`);
  };

  // The handlers' logger writes JSON to stdout (errors to stderr): route it like the runtime's own
  // lines; anything else (a warning from a library) goes where it was going.
  const intercept = (stream: NodeJS.WriteStream, passTo: (text: string) => void) => {
    const original = stream.write;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const passThrough: string[] = [];
      for (const line of text.split('\n')) {
        if (line === '') continue;
        const parsed = jsonObject(line);
        if (!parsed) {
          passThrough.push(line);
          continue;
        }
        noteCounts(parsed);
        const json = withOwnFunctionName(line);
        keep(json);
        show(json === line ? parsed : (JSON.parse(json) as Record<string, unknown>));
      }
      if (passThrough.length > 0) passTo(`${passThrough.join('\n')}\n`);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const err = process.stderr.write;
  const restores = [
    intercept(process.stdout, out),
    intercept(process.stderr, (text) => err.call(process.stderr, text)),
  ];

  return {
    logFile,
    restore() {
      for (const restore of restores) restore();
    },
    log(line) {
      keep(JSON.stringify({ time: new Date().toISOString(), ...line }));
      show(line);
    },
    say(text) {
      if (logFile)
        appendFileSync(logFile, `${JSON.stringify({ time: new Date().toISOString(), say: text })}\n`);
      out(`${text}\n`);
    },
  };
}
