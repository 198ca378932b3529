/** Uploads in parts that were never started: found by age in the uploading index, and removed. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import type { UploadPart } from './cross-match';

/** Ids of imports still uploading that were created before `before` (ISO), oldest first. */
export async function listUploadingBefore(before: string, limit: number): Promise<string[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
      ExpressionAttributeValues: { ':pk': keys.uploadingImports(), ':before': before },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => String(i.pk).slice('XM#'.length));
}

/** Deletes an abandoned upload's parts and their sealed pieces (the file never becomes an import). */
export async function deleteUploadParts(importId: string, parts: readonly UploadPart[]): Promise<void> {
  await batchWrite(
    parts.flatMap((p) => [
      { DeleteRequest: { Key: keys.importPart(importId, p.partNumber) } },
      ...Array.from({ length: p.pieces }, (_, n) => ({
        DeleteRequest: { Key: keys.importPartPiece(importId, p.partNumber, p.sha256, n) },
      })),
    ]),
  );
}
