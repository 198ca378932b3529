/** Who looked at whose file: one item per person per staff read, kept 180 days. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';

const RETENTION_SECONDS = 180 * 24 * 3600;

export interface AccessRecord {
  personId: string;
  at: string;
  byUserId: string;
  byRole: string;
  /** The route's operationId, e.g. getPersonContact. */
  action: string;
  requestId: string;
  /** Break the glass: why the staff member needed the full numbers (shown to the resident). */
  reason?: string;
  purpose?: string;
}

export async function recordAccesses(records: AccessRecord[]): Promise<void> {
  await batchWrite(
    records.map((r) => ({
      PutRequest: {
        Item: {
          ...keys.personAccess(r.personId, r.at, r.requestId),
          type: 'ACCESS',
          ...r,
          expiresAt: Math.floor(Date.parse(r.at) / 1000) + RETENTION_SECONDS,
        },
      },
    })),
  );
}

export async function listAccesses(personId: string, limit: number): Promise<AccessRecord[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':pk': keys.person(personId).pk, ':a': 'ACCESS#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []) as AccessRecord[];
}
