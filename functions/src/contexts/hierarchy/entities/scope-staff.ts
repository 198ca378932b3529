/**
 * Staff of a region scope: one membership item per centre and scope (`SCOPESTAFF#<region>`), kept
 * with the staff record (written when a centre is created, removed when it is disabled, in the same
 * transaction), so whoever must reach a street's or district's centre reads one partition.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems } from '../../../lib/dynamo/parse-item';
import type { TransactItem } from '../../../lib/idempotency';

export const scopeStaffItemSchema = z.lazy(() =>
  z.object({
    type: z.literal('SCOPESTAFF'),
    scope: z.string(),
    userId: z.string(),
    role: z.literal('centre'),
  }),
);

export const scopeStaffKeys = {
  item: (scope: string, userId: string) => ({ pk: `SCOPESTAFF#${scope}`, sk: `USER#${userId}` }),
  ofScope: (scope: string) => ({ pk: `SCOPESTAFF#${scope}`, skPrefix: 'USER#' }),
};

interface StaffRecord {
  userId: string;
  role: string;
  scopes: readonly string[];
}

/** The membership puts of a new staff record (centres only), for its creation transaction. */
export function scopeStaffPuts(user: StaffRecord): TransactItem[] {
  if (user.role !== 'centre') return [];
  return user.scopes.map((scope) => ({
    Put: {
      TableName: tableName(),
      Item: {
        ...scopeStaffKeys.item(scope, user.userId),
        type: 'SCOPESTAFF',
        scope,
        userId: user.userId,
        role: 'centre',
      },
    },
  }));
}

/** The membership deletes of a staff record being disabled, for its transaction. */
export function scopeStaffDeletes(user: StaffRecord): TransactItem[] {
  if (user.role !== 'centre') return [];
  return user.scopes.map((scope) => ({
    Delete: { TableName: tableName(), Key: scopeStaffKeys.item(scope, user.userId) },
  }));
}

/** The centre staff of one region scope (a handful). */
export async function listScopeStaff(scope: string): Promise<string[]> {
  const { pk, skPrefix } = scopeStaffKeys.ofScope(scope);
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :user)',
      ExpressionAttributeValues: { ':pk': pk, ':user': skPrefix },
    }),
  );
  return parseItems(scopeStaffItemSchema, out.Items ?? []).map((i) => i.userId);
}
