/**
 * Identity keys (ID, phone, name + birth date hashes): one item per key holding the set of
 * `<personId>#<grid>` with it, kept by the person-identity stream consumer, so a chunk of rows looks
 * its keys up by BatchGet.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';

export type IdentityKey = { kind: 'id' | 'phone' | 'name-birth'; hash: string };
export interface KeyHolder {
  personId: string;
  gridCode: string;
}

/** A key whose last holder left keeps its item with no `holders` (DynamoDB drops an empty set). */
export const personKeyItemSchema = z.lazy(() =>
  z.object({
    pk: z.string(),
    holders: z.set(z.string()).optional(),
  }),
);

const PREFIX = 'PERSONKEY#';

export const personKeyKeys = {
  item: (kind: IdentityKey['kind'], hash: string) => ({ pk: `${PREFIX}${kind}#${hash}`, sk: 'KEY' }),
};

/** Adds or removes one person from a key's set; both are idempotent (string-set ADD / DELETE). */
export async function changeKeyHolder(
  k: IdentityKey,
  holder: KeyHolder,
  action: 'ADD' | 'DELETE',
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: personKeyKeys.item(k.kind, k.hash),
      UpdateExpression: action === 'ADD' ? 'SET #type = :type ADD holders :h' : 'DELETE holders :h',
      ExpressionAttributeNames: action === 'ADD' ? { '#type': 'type' } : undefined,
      ExpressionAttributeValues: {
        ':h': new Set([`${holder.personId}#${holder.gridCode}`]),
        ...(action === 'ADD' ? { ':type': 'PERSON_KEY' } : {}),
      },
    }),
  );
}

function holdersOf(item: { holders?: Set<string> | undefined } | undefined): KeyHolder[] {
  return [...(item?.holders ?? [])].sort().map((h) => {
    const [personId = '', gridCode = ''] = h.split('#');
    return { personId, gridCode };
  });
}

/** The persons holding each key (by `<kind>#<hash>`), 100 keys per request. */
export async function findKeyHolders(wanted: readonly IdentityKey[]): Promise<Map<string, KeyHolder[]>> {
  const unique = [...new Map(wanted.map((k) => [`${k.kind}#${k.hash}`, k])).values()];
  const items = parseItems(
    personKeyItemSchema,
    await batchGet<Record<string, unknown>>(unique.map((k) => personKeyKeys.item(k.kind, k.hash))),
  );
  return new Map(items.map((i) => [i.pk.slice(PREFIX.length), holdersOf(i)]));
}

export async function findKeyHoldersOf(k: IdentityKey): Promise<KeyHolder[]> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: personKeyKeys.item(k.kind, k.hash) }),
  );
  return holdersOf(parseOptionalItem(personKeyItemSchema, out.Item));
}
