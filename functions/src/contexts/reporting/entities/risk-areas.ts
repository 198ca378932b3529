/** The risk-area list: one settings item, changed at run time by admins. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type RiskAreas, riskAreasSchema } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseOptionalItem } from '../../../lib/dynamo/parse-item';

export const riskAreasItemSchema = riskAreasSchema.extend({ type: z.literal('RISK_AREAS') });

export const riskAreasKeys = {
  item: () => ({ pk: 'CONFIG', sk: 'RISK_AREAS' }),
};

/** The list as set, or an empty one when never set. */
export async function getRiskAreas(): Promise<RiskAreas> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: riskAreasKeys.item() }));
  const item = parseOptionalItem(riskAreasItemSchema, out.Item);
  return {
    codes: item?.codes ?? [],
    note: item?.note ?? null,
    updatedAt: item?.updatedAt ?? null,
    updatedBy: item?.updatedBy ?? null,
  };
}

export async function putRiskAreas(value: RiskAreas): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...riskAreasKeys.item(), type: 'RISK_AREAS', ...value },
    }),
  );
}
