/**
 * Correction requests: in the household's partition (its list is one query, newest first), and in
 * gsi1 `CORRECTIONS#<grid>` while open (the grid's work list, oldest first). The proposed value is
 * stored encrypted whatever the field: residents type free text, and it may hold personal data.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CorrectionField, CorrectionStatus, Role } from '@grid/shared';
import { db, tableName } from '../../../lib/dynamo/client';
import { queryPage } from '../../../lib/dynamo/cursor';
import { keys } from '../../../lib/dynamo/keys';
import { putClaimingKey } from '../../../lib/dynamo/put-if-absent';

const IDEMPOTENCY_KEY_DAYS = 7;

export interface CorrectionItem {
  type: 'CORRECTION';
  correctionId: string;
  householdId: string;
  seq: string;
  personId: string;
  personName: string;
  gridCode: string;
  field: CorrectionField;
  proposedValueEnc: string;
  /** Set for ID numbers and phones: what answers show instead of the value. */
  proposedValueMasked: string | null;
  reason: string;
  status: CorrectionStatus;
  requestedAt: string;
  requestedBy: { userId: string; role: Role };
  resolution: {
    outcome: 'applied' | 'rejected';
    note: string;
    at: string;
    byUserId: string;
    byRole: Role;
  } | null;
  idempotencyKey: string;
  requestHash: string;
}

interface CorrectionKeyItem {
  correctionId: string;
  idempotencyKey: string;
  requestHash: string;
}

export function correctionId(householdId: string, seq: string): string {
  return `C.${householdId}.${seq}`;
}

export function parseCorrectionId(id: string): { householdId: string; seq: string } {
  const [, householdId = '', seq = ''] = id.split('.');
  return { householdId, seq };
}

function openIndexKeys(item: Pick<CorrectionItem, 'gridCode' | 'requestedAt' | 'correctionId'>) {
  return {
    gsi1pk: keys.openCorrectionsOfGrid(item.gridCode),
    gsi1sk: `${item.requestedAt}#${item.correctionId}`,
  };
}

/**
 * Writes a new request and claims its Idempotency-Key in one transaction. When the key is taken,
 * returns the claim (the caller tells a retry from a reuse and reads the original).
 */
export function putCorrection(
  item: CorrectionItem,
  now: Date,
): Promise<{ created: true } | { created: false; claim: CorrectionKeyItem }> {
  return putClaimingKey<CorrectionKeyItem>(
    {
      ...keys.correctionKey(item.householdId, item.idempotencyKey),
      type: 'CORRECTION_KEY',
      correctionId: item.correctionId,
      idempotencyKey: item.idempotencyKey,
      requestHash: item.requestHash,
      expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_KEY_DAYS * 86_400,
    },
    { ...keys.correction(item.householdId, item.seq), ...item, ...openIndexKeys(item) },
  );
}

export async function getCorrection(id: string): Promise<CorrectionItem | undefined> {
  const { householdId, seq } = parseCorrectionId(id);
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.correction(householdId, seq), ConsistentRead: true }),
  );
  return out.Item as CorrectionItem | undefined;
}

/** A household's requests, newest first. */
export function listHouseholdCorrections(householdId: string, limit: number, cursor?: string) {
  return queryPage<CorrectionItem>({
    partition: keys.household(householdId).pk,
    skPrefix: 'CORR#',
    newestFirst: true,
    limit,
    cursor,
  });
}

/** A grid's open requests, oldest first. */
export function listOpenCorrections(gridCode: string, limit: number, cursor?: string) {
  return queryPage<CorrectionItem>({
    partition: keys.openCorrectionsOfGrid(gridCode),
    index: 'gsi1',
    newestFirst: false,
    limit,
    cursor,
  });
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
        Key: keys.correction(item.householdId, item.seq),
        UpdateExpression: 'SET #status = :to, resolution = :r REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': resolution.outcome, ':r': resolution, ':open': 'open' },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { resolved: true, item: out.Attributes as CorrectionItem };
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    return { resolved: false, item: err.Item ? (unmarshall(err.Item) as CorrectionItem) : undefined };
  }
}
