/**
 * Capacity units per operation, read from DynamoDB itself: a middleware on the app's own client
 * (functions/src/lib/dynamo/client.ts `db()`, one per process) asks every call for
 * ReturnConsumedCapacity=INDEXES while a capture is open, and adds up what comes back. The app's
 * code is unchanged.
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { db } from '../../functions/src/lib/dynamo/client';

export interface Capacity {
  calls: number;
  /** Calls by DynamoDB operation, e.g. { GetItem: 1, PutItem: 1 }. */
  commands: Record<string, number>;
  tableRead: number;
  tableWrite: number;
  indexRead: number;
  indexWrite: number;
  /** Capacity per index name, read + write. */
  byIndex: Record<string, number>;
  /** Calls that threw (a failed condition consumes capacity but reports none). */
  failedCalls: number;
  /** pk of every item written (Put, Update, Delete, in transactions and batches too). */
  writtenPks: string[];
}

export const emptyCapacity = (): Capacity => ({
  calls: 0,
  commands: {},
  tableRead: 0,
  tableWrite: 0,
  indexRead: 0,
  indexWrite: 0,
  byIndex: {},
  failedCalls: 0,
  writtenPks: [],
});

type Keyed = { Item?: Record<string, unknown>; Key?: Record<string, unknown> };

/** The pk of each item a write command touches. */
function writtenPks(input: Record<string, unknown>): string[] {
  // Before or after the document client's marshalling: a plain string or { S: string }.
  const text = (v: unknown) =>
    typeof v === 'object' && v !== null && 'S' in v ? String((v as { S: unknown }).S) : String(v ?? '');
  const pkOf = (k: Keyed | undefined) => text(k?.Item?.pk ?? k?.Key?.pk);
  if (Array.isArray(input.TransactItems)) {
    return (input.TransactItems as Record<string, Keyed>[])
      .filter((t) => !t.ConditionCheck)
      .map((t) => pkOf(t.Put ?? t.Update ?? t.Delete));
  }
  if (input.RequestItems && typeof input.RequestItems === 'object') {
    return Object.values(input.RequestItems as Record<string, unknown>).flatMap((reqs) =>
      Array.isArray(reqs)
        ? (reqs as { PutRequest?: Keyed; DeleteRequest?: Keyed }[]).map((r) =>
            pkOf(r.PutRequest ?? r.DeleteRequest),
          )
        : [],
    );
  }
  return input.Item || input.Key ? [pkOf(input as Keyed)] : [];
}

let sink: Capacity | null = null;
let installed = false;

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);

/**
 * DynamoDB Local answers CapacityUnits only (no read/write split), so the command decides which
 * it is. The table's share is Table.CapacityUnits, else the total less the indexes'.
 */
function add(into: Capacity, consumed: ConsumedCapacity, read: boolean): void {
  const indexes = Object.entries(consumed.GlobalSecondaryIndexes ?? {});
  const indexTotal = indexes.reduce((sum, [, u]) => sum + (u.CapacityUnits ?? 0), 0);
  const table = consumed.Table?.CapacityUnits ?? (consumed.CapacityUnits ?? 0) - indexTotal;
  if (read) {
    into.tableRead += table;
    into.indexRead += indexTotal;
  } else {
    into.tableWrite += table;
    into.indexWrite += indexTotal;
  }
  for (const [name, units] of indexes)
    into.byIndex[name] = (into.byIndex[name] ?? 0) + (units.CapacityUnits ?? 0);
}

export function instrumentAppClient(): void {
  if (installed) return;
  installed = true;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const capture = sink;
      if (!capture) return next(args);
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
      // The base command's name (GetItemCommand → GetItem), whichever client built it.
      const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
      capture.calls++;
      capture.commands[name] = (capture.commands[name] ?? 0) + 1;
      if (WRITES.has(name)) capture.writtenPks.push(...writtenPks(args.input as Record<string, unknown>));
      try {
        const out = await next(args);
        const consumed = (out.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
          .ConsumedCapacity;
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
          add(capture, c, READS.has(name));
        return out;
      } catch (err) {
        capture.failedCalls++;
        throw err;
      }
    },
    { step: 'initialize', priority: 'high', name: 'benchConsumedCapacity' },
  );
}

/** Runs `fn` with every call of the app's client counted. Captures must not overlap. */
export async function captureCapacity<T>(fn: () => Promise<T>): Promise<{ result: T; capacity: Capacity }> {
  if (sink) throw new Error('capacity captures must not overlap');
  const capacity = emptyCapacity();
  sink = capacity;
  try {
    return { result: await fn(), capacity };
  } finally {
    sink = null;
  }
}

/** The median of each figure over several captures (robust to a stray stream-consumer call). */
export function medianCapacity(samples: Capacity[]): Capacity {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  };
  const pickMedianSample = [...samples].sort((a, b) => a.calls - b.calls)[Math.floor(samples.length / 2)];
  const indexes = [...new Set(samples.flatMap((s) => Object.keys(s.byIndex)))];
  return {
    calls: median(samples.map((s) => s.calls)),
    commands: pickMedianSample?.commands ?? {},
    tableRead: median(samples.map((s) => s.tableRead)),
    tableWrite: median(samples.map((s) => s.tableWrite)),
    indexRead: median(samples.map((s) => s.indexRead)),
    indexWrite: median(samples.map((s) => s.indexWrite)),
    byIndex: Object.fromEntries(indexes.map((i) => [i, median(samples.map((s) => s.byIndex[i] ?? 0))])),
    failedCalls: median(samples.map((s) => s.failedCalls)),
    writtenPks: pickMedianSample?.writtenPks ?? [],
  };
}
