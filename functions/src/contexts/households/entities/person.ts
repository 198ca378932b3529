/**
 * Persons: one item per household member, found by id, and by its keyed ID hash through gsi2 (the
 * table's own index, no lag). A person merged into another keeps its item, pointing at the survivor.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { relationSchema } from '@grid/shared';
import * as z from 'zod';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItem, parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import type { TransactItem } from '../../../lib/idempotency';

export const personItemSchema = z.object({
  personId: z.string(),
  householdId: z.string(),
  gridCode: z.string(),
  name: z.string(),
  relation: relationSchema,
  idHash: z.string(),
  idNumberEnc: z.string(),
  idNumberMasked: z.string(),
  phoneHash: z.string().nullable(),
  phoneEnc: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  birthDate: z.string(),
  sex: z.enum(['male', 'female']),
  version: z.number().int(),
  createdAt: z.string(),
  /** Set while the person is in home quarantine; at most one at a time. */
  activeQuarantineId: z.string().nullish(),
  /** Set once merged into another person (the survivor): reads follow it. */
  mergedInto: z.string().optional(),
  mergedAt: z.string().optional(),
  /** The persons merged into this one, whose records its file gathers. */
  mergedFrom: z.array(z.string()).optional(),
});
export type PersonItem = z.infer<typeof personItemSchema>;

export const personKeys = {
  item: (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'PERSON' }),
  /** gsi2 partition of the persons with one keyed ID hash. */
  byIdHash: (idHash: string) => ({ gsi2pk: `IDHASH#${idHash}` }),
  /** The person's place in its ID hash's gsi2 partition. */
  byIdHashSort: (personId: string) => ({ gsi2sk: `PERSON#${personId}` }),
};

/** The write of a new person (fails if the id is taken). */
export function personPut(p: PersonItem): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...personKeys.item(p.personId),
        type: 'PERSON',
        ...p,
        ...personKeys.byIdHash(p.idHash),
        ...personKeys.byIdHashSort(p.personId),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getPerson(personId: string): Promise<PersonItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: personKeys.item(personId) }));
  return parseOptionalItem(personItemSchema, out.Item);
}

/** Persons by id in no particular order (BatchGet); ids without a person are left out. */
export async function getPersonsUnordered(personIds: readonly string[]): Promise<PersonItem[]> {
  return parseItems(
    personItemSchema,
    await batchGet<Record<string, unknown>>(personIds.map((id) => personKeys.item(id))),
  );
}

/** Members in the household's order (BatchGet returns them unordered). */
export async function getPersons(personIds: readonly string[]): Promise<PersonItem[]> {
  const found = new Map((await getPersonsUnordered(personIds)).map((p) => [p.personId, p]));
  return personIds.map((id) => found.get(id)).filter((p): p is PersonItem => p !== undefined);
}

const idHashEntrySchema = z.object({ pk: z.string().startsWith('PERSON#') });

export async function findPersonIdsByIdHash(idHash: string): Promise<string[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': personKeys.byIdHash(idHash).gsi2pk },
    }),
  );
  return (out.Items ?? []).map((i) => parseItem(idHashEntrySchema, i).pk.slice('PERSON#'.length));
}

export interface PersonChanges {
  name?: string;
  relation?: PersonItem['relation'];
  phone?: { hash: string; enc: string; masked: string } | null;
}

/** Applies changes if the version is still the one the caller read; returns the new item. */
export async function updatePerson(
  personId: string,
  version: number,
  changes: PersonChanges,
): Promise<PersonItem> {
  const sets = ['version = :next'];
  const values: Record<string, unknown> = { ':v': version, ':next': version + 1 };
  if (changes.name !== undefined) {
    sets.push('#name = :name');
    values[':name'] = changes.name;
  }
  if (changes.relation !== undefined) {
    sets.push('relation = :rel');
    values[':rel'] = changes.relation;
  }
  if (changes.phone !== undefined) {
    sets.push('phoneHash = :ph', 'phoneEnc = :pe', 'phoneMasked = :pm');
    values[':ph'] = changes.phone?.hash ?? null;
    values[':pe'] = changes.phone?.enc ?? null;
    values[':pm'] = changes.phone?.masked ?? null;
  }
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: personKeys.item(personId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'version = :v',
      ExpressionAttributeNames: changes.name !== undefined ? { '#name': 'name' } : undefined,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  return parseItem(personItemSchema, out.Attributes ?? {});
}

/**
 * Items of a person's partition whose sort key starts with a prefix, newest first, each parsed with
 * the schema of what the prefix holds.
 */
export async function listPersonPartition<S extends z.ZodType>(
  personId: string,
  prefix: string,
  schema: S,
  limit: number,
): Promise<z.output<S>[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': personKeys.item(personId).pk, ':prefix': prefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return parseItems(schema, out.Items ?? []);
}

/** What a person's file shows of a health report (the reporting context owns the item). */
const fileHealthReportSchema = z.object({
  personId: z.string(),
  date: z.string(),
  slot: z.enum(['morning', 'evening']),
  temperature: z.number(),
});

/** What a person's file shows of a travel declaration (the reporting context owns the item). */
const fileTravelSchema = z.object({
  personId: z.string(),
  originCode: z.string(),
  arrivedOn: z.string(),
  createdAt: z.string(),
});

/** A person's latest health reports (rejected attempts included), newest first. */
export function listRecentHealthReports(personId: string, limit: number) {
  return listPersonPartition(personId, 'HR#', fileHealthReportSchema, limit);
}

/** A person's latest travel declarations, in key order (newest first). */
export function listRecentTravelDeclarations(personId: string, limit: number) {
  return listPersonPartition(personId, 'TD#', fileTravelSchema, limit);
}
