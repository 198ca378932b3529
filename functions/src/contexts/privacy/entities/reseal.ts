/**
 * The data-key reseal job's storage: its state item (target key, per-segment scan checkpoints,
 * counts, a lease so two runs never walk the table at once), the scan pages it walks and the
 * conditional write-back of re-sealed values. Only the scheduled job uses this: no request path scans.
 */
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseOptionalItem } from '../../../lib/dynamo/parse-item';

export type TableKey = { pk: string; sk: string };

const tableKeySchema = z.object({ pk: z.string(), sk: z.string() });

/** Where one scan segment is: not started (next null, done false), part way, or through. */
const resealSegmentSchema = z.object({ next: tableKeySchema.nullable(), done: z.boolean() });
export type ResealSegment = z.infer<typeof resealSegmentSchema>;

const resealCountsSchema = z.object({
  itemsSeen: z.number().int(),
  valuesResealed: z.number().int(),
  /** Write-backs a concurrent write beat (the item was read again and retried). */
  conflicts: z.number().int(),
  /** Sealed-looking values no key of the ring opens: left as they are. */
  unreadable: z.number().int(),
});
export type ResealCounts = z.infer<typeof resealCountsSchema>;

export const resealStateSchema = resealCountsSchema.extend({
  /** The key every value is being moved to. */
  keyId: z.string(),
  status: z.enum(['running', 'done']),
  segments: z.array(resealSegmentSchema),
  startedAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  runs: z.number().int(),
  /** Epoch ms until which a run holds the walk. */
  leaseUntil: z.number().optional(),
});
export type ResealState = z.infer<typeof resealStateSchema>;

export const resealKeys = {
  /** The data-key reseal job's progress: target key id, scan checkpoints, counts. */
  state: () => ({ pk: 'CONFIG', sk: 'DATA_KEY_RESEAL' }),
};

const isConditionFailure = (err: unknown) => (err as Error).name === 'ConditionalCheckFailedException';

export async function getResealState(): Promise<ResealState | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: resealKeys.state(), ConsistentRead: true }),
  );
  return parseOptionalItem(resealStateSchema, out.Item);
}

/** Starts a walk towards `keyId` unless one towards it exists already; false when it did. */
export async function startResealState(keyId: string, segments: number, at: string): Promise<boolean> {
  const state: ResealState = {
    keyId,
    status: 'running',
    segments: Array.from({ length: segments }, () => ({ next: null, done: false })),
    startedAt: at,
    updatedAt: at,
    completedAt: null,
    runs: 0,
    itemsSeen: 0,
    valuesResealed: 0,
    conflicts: 0,
    unreadable: 0,
  };
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...resealKeys.state(), type: 'DATA_KEY_RESEAL', ...state },
        ConditionExpression: 'attribute_not_exists(pk) OR keyId <> :k',
        ExpressionAttributeValues: { ':k': keyId },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** Takes the walk towards `keyId` until `leaseUntil` unless another run holds it; false when it does. */
export async function claimReseal(keyId: string, nowMs: number, leaseUntil: number): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: resealKeys.state(),
        UpdateExpression: 'SET leaseUntil = :until ADD #runs :one',
        ConditionExpression:
          'keyId = :k AND #status = :running AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status', '#runs': 'runs' },
        ExpressionAttributeValues: {
          ':k': keyId,
          ':running': 'running',
          ':now': nowMs,
          ':until': leaseUntil,
          ':one': 1,
        },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** Records one scanned page of a segment: where it goes on from, and what it did. False if the walk moved on. */
export async function recordSegmentProgress(
  keyId: string,
  segment: number,
  position: ResealSegment,
  counts: ResealCounts,
  at: string,
): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: resealKeys.state(),
        UpdateExpression: `SET #segments[${segment}] = :pos, updatedAt = :at ADD itemsSeen :i, valuesResealed :v, conflicts :c, unreadable :u`,
        ConditionExpression: 'keyId = :k',
        ExpressionAttributeNames: { '#segments': 'segments' },
        ExpressionAttributeValues: {
          ':k': keyId,
          ':pos': position,
          ':at': at,
          ':i': counts.itemsSeen,
          ':v': counts.valuesResealed,
          ':c': counts.conflicts,
          ':u': counts.unreadable,
        },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** Ends a run: gives the lease back and, when every segment is through, marks the walk done. */
export async function endResealRun(keyId: string, complete: boolean, at: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: resealKeys.state(),
        UpdateExpression: complete
          ? 'SET #status = :done, completedAt = :at, updatedAt = :at REMOVE leaseUntil'
          : 'SET updatedAt = :at REMOVE leaseUntil',
        ConditionExpression: 'keyId = :k',
        ExpressionAttributeNames: complete ? { '#status': 'status' } : undefined,
        ExpressionAttributeValues: complete
          ? { ':k': keyId, ':done': 'done', ':at': at }
          : { ':k': keyId, ':at': at },
      }),
    );
  } catch (err) {
    // Another walk (a newer current key) replaced this one: nothing of ours to end.
    if (!isConditionFailure(err)) throw err;
  }
}

export async function scanPage(
  segment: number,
  totalSegments: number,
  startKey: TableKey | null,
  limit: number,
): Promise<{ items: Array<Record<string, unknown>>; next: TableKey | null }> {
  const out = await db().send(
    new ScanCommand({
      TableName: tableName(),
      Segment: segment,
      TotalSegments: totalSegments,
      Limit: limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  return { items: out.Items ?? [], next: (out.LastEvaluatedKey as TableKey | undefined) ?? null };
}

export async function getItemByKey(key: TableKey): Promise<Record<string, unknown> | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return out.Item;
}

/** A step into an item: an attribute or map key (string) or a list index (number). */
export type AttributePath = ReadonlyArray<string | number>;

export interface ValueChange {
  path: AttributePath;
  from: string;
  to: string;
}

/**
 * Writes the re-sealed values of one item in one UpdateItem, conditional on every old value still
 * being there: a concurrent write wins. False when one was not (the caller reads the item again).
 */
export async function writeResealed(key: TableKey, changes: readonly ValueChange[]): Promise<boolean> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const nameOf = new Map<string, string>();
  const pathExpression = (path: AttributePath) =>
    path
      .map((step, i) => {
        if (typeof step === 'number') return `[${step}]`;
        let alias = nameOf.get(step);
        if (!alias) {
          alias = `#n${nameOf.size}`;
          nameOf.set(step, alias);
          names[alias] = step;
        }
        return i === 0 ? alias : `.${alias}`;
      })
      .join('');
  const sets: string[] = [];
  const conditions: string[] = [];
  changes.forEach((change, i) => {
    const expr = pathExpression(change.path);
    values[`:old${i}`] = change.from;
    values[`:new${i}`] = change.to;
    sets.push(`${expr} = :new${i}`);
    conditions.push(`${expr} = :old${i}`);
  });
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
