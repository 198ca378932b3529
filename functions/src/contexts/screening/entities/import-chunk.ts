/** Parsed rows awaiting processing, one sealed item per chunk (`XM_CHUNK`), in the import's partition. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { batchWrite } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { importKeys } from './import';

export const importChunkItemSchema = z.lazy(() =>
  z.object({ type: z.literal('XM_CHUNK'), data: z.string() }),
);

export const importChunkKeys = {
  item: (importId: string, n: number) => ({
    pk: importKeys.partition(importId),
    sk: `CHUNK#${String(n).padStart(5, '0')}`,
  }),
};

/** Chunks are rewritten whole on a repeated parse: same file, same content. */
export async function putChunks(importId: string, chunks: string[]): Promise<void> {
  await batchWrite(
    chunks.map((data, n) => ({
      PutRequest: { Item: { ...importChunkKeys.item(importId, n), type: 'XM_CHUNK', data } },
    })),
  );
}

/** A chunk's sealed rows. */
export async function getChunk(importId: string, n: number): Promise<string | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: importChunkKeys.item(importId, n), ConsistentRead: true }),
  );
  return parseOptionalItem(importChunkItemSchema, out.Item)?.data;
}
