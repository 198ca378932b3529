/**
 * A part of an upload in parts (`XM_PART`): its size, hash and piece count, in the import's
 * partition; its sealed pieces are upload pieces keyed by that hash (upload-piece.ts).
 */
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { batchWrite } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { importKeys, type UploadPart, uploadPartSchema } from './import';
import { putPartPieces, uploadPieceKeys } from './upload-piece';

export const uploadPartItemSchema = uploadPartSchema.extend({ type: z.literal('XM_PART') });

const PREFIX = 'PART#';

export const uploadPartKeys = {
  item: (importId: string, partNumber: number) => ({
    pk: importKeys.partition(importId),
    sk: `${PREFIX}${String(partNumber).padStart(3, '0')}`,
  }),
};

/** Stores a part's pieces, then the part item, only while the import is still uploading. */
export async function putUploadPart(importId: string, part: UploadPart, pieces: string[]): Promise<boolean> {
  await putPartPieces(importId, part, pieces);
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: importKeys.item(importId),
              ConditionExpression: '#status = :uploading',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':uploading': 'uploading' },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...uploadPartKeys.item(importId, part.partNumber), type: 'XM_PART', ...part },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)?.[0]) return false;
    throw err;
  }
}

/** The parts received so far, by part number. */
export async function listUploadParts(importId: string): Promise<UploadPart[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': importKeys.partition(importId), ':p': PREFIX },
      ConsistentRead: true,
    }),
  );
  return parseItems(uploadPartItemSchema, out.Items ?? []).map(({ type: _type, ...part }) => part);
}

/** Deletes an abandoned upload's parts and their sealed pieces (the file never becomes an import). */
export async function deleteUploadParts(importId: string, parts: readonly UploadPart[]): Promise<void> {
  await batchWrite(
    parts.flatMap((p) => [
      { DeleteRequest: { Key: uploadPartKeys.item(importId, p.partNumber) } },
      ...Array.from({ length: p.pieces }, (_, n) => ({
        DeleteRequest: { Key: uploadPieceKeys.ofPart(importId, p.partNumber, p.sha256, n) },
      })),
    ]),
  );
}
