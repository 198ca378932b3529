/**
 * Correction requests: in the household's partition (its list is one query, newest first), and in
 * gsi1 `CORRECTIONS#<grid>` while open (the grid's work list, oldest first). The proposed value is
 * stored encrypted whatever the field: residents type free text, and it may hold personal data.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { correctionIds, correctionSchema } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { queryPage } from '../../../lib/dynamo/cursor';
import { parseItem, parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import type { KeyClaim, TransactItem } from '../../../lib/idempotency';
import { householdKeys } from '../../households/entities/household';

export const correctionItemSchema = correctionSchema.omit({ proposedValue: true }).extend({
  type: z.literal('CORRECTION'),
  seq: z.string(),
  proposedValueEnc: z.string(),
  /** Set for ID numbers and phones: what answers show instead of the value. */
  proposedValueMasked: z.string().nullable(),
  idempotencyKey: z.string(),
  requestHash: z.string(),
});
export type CorrectionItem = z.infer<typeof correctionItemSchema>;

/** A household's claim of an Idempotency-Key: which correction request it made. */
export interface CorrectionKeyClaim extends KeyClaim {
  correctionId: string;
}
export const CORRECTION_KEY_CLAIM_TYPE = 'CORRECTION_KEY';

const CORRECTION_PREFIX = 'CORR#';

export const correctionKeys = {
  /** In the household's partition: its requests read newest first in one query. */
  item: (householdId: string, seq: string) => ({
    pk: householdKeys.item(householdId).pk,
    sk: `${CORRECTION_PREFIX}${seq}`,
  }),
  /** Claims an Idempotency-Key for a household's new correction request; holds the request's id. */
  claim: (householdId: string, idempotencyKey: string) => ({
    pk: householdKeys.item(householdId).pk,
    sk: `CORRKEY#${idempotencyKey}`,
  }),
  /** gsi1 partition of a grid's open correction requests, oldest first; removed once resolved. */
  openOfGrid: (gridCode: string) => `CORRECTIONS#${gridCode}`,
};

/** The id format is defined once, in shared (`correctionIds`). */
export const correctionId = correctionIds.make;
export const parseCorrectionId = correctionIds.parse;

function openIndexKeys(item: Pick<CorrectionItem, 'gridCode' | 'requestedAt' | 'correctionId'>) {
  return {
    gsi1pk: correctionKeys.openOfGrid(item.gridCode),
    gsi1sk: `${item.requestedAt}#${item.correctionId}`,
  };
}

/** The write of a new request: in its household's partition, and in its grid's open list. */
export function correctionPut(item: CorrectionItem): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...correctionKeys.item(item.householdId, item.seq), ...item, ...openIndexKeys(item) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getCorrection(id: string): Promise<CorrectionItem | undefined> {
  const { householdId, seq } = parseCorrectionId(id);
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: correctionKeys.item(householdId, seq),
      ConsistentRead: true,
    }),
  );
  return parseOptionalItem(correctionItemSchema, out.Item);
}

/** A household's requests, newest first. */
export async function listHouseholdCorrections(householdId: string, limit: number, cursor?: string) {
  const page = await queryPage<Record<string, unknown>>({
    partition: householdKeys.item(householdId).pk,
    skPrefix: CORRECTION_PREFIX,
    newestFirst: true,
    limit,
    cursor,
  });
  return { ...page, items: parseItems(correctionItemSchema, page.items) };
}

/** A grid's open requests, oldest first. */
export async function listOpenCorrections(gridCode: string, limit: number, cursor?: string) {
  const page = await queryPage<Record<string, unknown>>({
    partition: correctionKeys.openOfGrid(gridCode),
    index: 'gsi1',
    newestFirst: false,
    limit,
    cursor,
  });
  return { ...page, items: parseItems(correctionItemSchema, page.items) };
}

/**
 * Closes an open request once: the update is conditional on `status = open`, so a second
 * resolution (or two at once) finds it resolved. Answers the item after the change, or the item
 * as it was when the condition failed.
 */
export async function resolveCorrection(
  item: CorrectionItem,
  resolution: NonNullable<CorrectionItem['resolution']>,
): Promise<{ resolved: true; item: CorrectionItem } | { resolved: false; item: CorrectionItem | undefined }> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: correctionKeys.item(item.householdId, item.seq),
        UpdateExpression: 'SET #status = :to, resolution = :r REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': resolution.outcome, ':r': resolution, ':open': 'open' },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { resolved: true, item: parseItem(correctionItemSchema, out.Attributes ?? {}) };
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    return {
      resolved: false,
      item: err.Item ? parseItem(correctionItemSchema, unmarshall(err.Item)) : undefined,
    };
  }
}
