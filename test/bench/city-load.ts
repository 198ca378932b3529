/**
 * Loads the synthetic city into DynamoDB Local: in bulk straight into its SQLite file (bulk-load.ts,
 * DynamoDB Local stopped) or through parallel BatchWriteItem lanes (DynamoDB Local running).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../functions/src/lib/dynamo/client';
import { bulkLoad, type SizesByType } from './bulk-load';
import { type CityFacts, type CityPlan, cityItems, type PutRequest } from './city';

export interface LoadResult {
  /** bulk: rows straight into DynamoDB Local's SQLite file; batch: BatchWriteItem lanes (the former path). */
  method?: 'bulk' | 'batch';
  items: number;
  seconds: number;
  itemsPerSecond: number;
  personsPerSecond: number;
  unprocessedRetries: number;
  /** Items and DynamoDB bytes per item type (bulk path). */
  sizesByType?: Record<string, { items: number; bytes: number }>;
}

/**
 * Writes the items through `concurrency` parallel BatchWrite loops of 25, retrying what DynamoDB
 * hands back. Stops with an error past `deadlineMs`.
 */
export async function loadCity(
  plan: CityPlan,
  facts: CityFacts,
  opts: { concurrency: number; deadlineMs: number; onProgress?: (items: number, seconds: number) => void },
): Promise<LoadResult> {
  const items = cityItems(plan, facts);
  const started = performance.now();
  const deadline = Date.now() + opts.deadlineMs;
  let written = 0;
  let retries = 0;
  let lastReport = started;
  const nextBatch = (): PutRequest[] => {
    const batch: PutRequest[] = [];
    for (let next = items.next(); !next.done; next = items.next()) {
      batch.push(next.value);
      if (batch.length === 25) break;
    }
    return batch;
  };
  const worker = async () => {
    for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
      if (Date.now() > deadline)
        throw new Error(`load exceeded its time limit of ${opts.deadlineMs / 1000} s`);
      let pending: Record<string, unknown>[] = batch;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error('BatchWrite kept returning unprocessed items');
        if (attempt > 0) {
          retries++;
          await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        }
        const out = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
        pending = (out.UnprocessedItems?.[tableName()] as Record<string, unknown>[] | undefined) ?? [];
      }
      written += batch.length;
      const now = performance.now();
      if (opts.onProgress && now - lastReport > 10_000) {
        lastReport = now;
        opts.onProgress(written, (now - started) / 1000);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  facts.counts.items = written;
  return {
    method: 'batch',
    items: written,
    seconds,
    itemsPerSecond: written / seconds,
    personsPerSecond: facts.counts.persons / seconds,
    unprocessedRetries: retries,
  };
}

/**
 * Writes the items straight into the table in DynamoDB Local's SQLite file in `dataDir` (DynamoDB
 * Local stopped, the table created by it).
 */
export async function loadCityBulk(
  plan: CityPlan,
  facts: CityFacts,
  opts: { dataDir: string; tableName: string; onProgress?: (items: number, seconds: number) => void },
): Promise<LoadResult> {
  const started = performance.now();
  const sizes: SizesByType = new Map();
  const written = await bulkLoad(
    opts.dataDir,
    opts.tableName,
    cityItems(plan, facts),
    (n) => opts.onProgress?.(n, (performance.now() - started) / 1000),
    sizes,
  );
  const seconds = (performance.now() - started) / 1000;
  facts.counts.items = written;
  return {
    method: 'bulk',
    sizesByType: Object.fromEntries(sizes),
    items: written,
    seconds,
    itemsPerSecond: written / seconds,
    personsPerSecond: facts.counts.persons / seconds,
    unprocessedRetries: 0,
  };
}
