/** Who looked at whose file: one item per person per staff read, kept 180 days. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { batchWrite } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { personKeys } from '../../households/entities/person';

const RETENTION_SECONDS = 180 * 24 * 3600;

export const accessRecordSchema = z.lazy(() =>
  z.object({
    personId: z.string(),
    at: z.string(),
    byUserId: z.string(),
    byRole: z.string(),
    /** The route's operationId, e.g. getPersonContact. */
    action: z.string(),
    requestId: z.string(),
    /** Break the glass: why the staff member needed the full numbers (shown to the resident). */
    reason: z.string().optional(),
    purpose: z.string().optional(),
  }),
);
export type AccessRecord = z.infer<typeof accessRecordSchema>;

const ACCESS_PREFIX = 'ACCESS#';

export const personAccessKeys = {
  /** One read of a person's file by staff, in the person's partition. */
  item: (personId: string, at: string, requestId: string) => ({
    pk: personKeys.item(personId).pk,
    sk: `${ACCESS_PREFIX}${at}#${requestId}`,
  }),
};

export async function recordAccesses(records: AccessRecord[]): Promise<void> {
  await batchWrite(
    records.map((r) => ({
      PutRequest: {
        Item: {
          ...personAccessKeys.item(r.personId, r.at, r.requestId),
          type: 'ACCESS',
          ...r,
          expiresAt: Math.floor(Date.parse(r.at) / 1000) + RETENTION_SECONDS,
        },
      },
    })),
  );
}

/** A person's latest accesses, newest first. */
export async function listAccesses(personId: string, limit: number): Promise<AccessRecord[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':pk': personKeys.item(personId).pk, ':a': ACCESS_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return parseItems(accessRecordSchema, out.Items ?? []);
}
