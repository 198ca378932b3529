/** Settings kept in the table and changed at run time by admins. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RiskAreas } from '@grid/shared';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';

export async function getRiskAreas(): Promise<RiskAreas> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.riskAreas() }));
  const item = out.Item;
  return {
    codes: (item?.codes as string[] | undefined) ?? [],
    note: (item?.note as string | null | undefined) ?? null,
    updatedAt: (item?.updatedAt as string | undefined) ?? null,
    updatedBy: (item?.updatedBy as string | undefined) ?? null,
  };
}

export async function putRiskAreas(value: RiskAreas): Promise<void> {
  await db().send(
    new PutCommand({ TableName: tableName(), Item: { ...keys.riskAreas(), type: 'RISK_AREAS', ...value } }),
  );
}
