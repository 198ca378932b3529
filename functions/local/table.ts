/** Creates (or checks) the single table from the manifest's TableDefinition in DynamoDB Local. */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { KeySchema, TableDefinition } from '../src/manifest/types';

export interface EnsureTableResult {
  created: boolean;
  streamArn: string;
}

const ACTIVE_TIMEOUT_MS = 30_000;

export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  def: TableDefinition,
): Promise<EnsureTableResult> {
  let created = false;
  let table = await describeTable(client, tableName);
  if (!table) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName, def)));
      created = true;
    } catch (err) {
      // Someone else created it in between: fall through to the checks.
      if (!isNamed(err, 'ResourceInUseException')) throw err;
    }
  }
  table = await waitUntilActive(client, tableName);
  if (!created) verifyTable(tableName, table, def);
  await ensureTimeToLive(client, tableName, def.ttlAttribute);

  const streamArn = table.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${tableName} has no stream (LatestStreamArn missing)`);
  return { created, streamArn };
}

function createTableInput(tableName: string, def: TableDefinition) {
  const attributeNames = new Set<string>([def.partitionKey, def.sortKey]);
  for (const index of def.globalIndexes) {
    attributeNames.add(index.partitionKey);
    if (index.sortKey) attributeNames.add(index.sortKey);
  }
  const attributeDefinitions: AttributeDefinition[] = [...attributeNames].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: keySchema(def),
    GlobalSecondaryIndexes:
      def.globalIndexes.length > 0
        ? def.globalIndexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index),
            Projection: { ProjectionType: index.projection },
          }))
        : undefined,
    StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream },
  };
}

function keySchema(keys: KeySchema): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: keys.partitionKey, KeyType: 'HASH' }];
  if (keys.sortKey) schema.push({ AttributeName: keys.sortKey, KeyType: 'RANGE' });
  return schema;
}

async function describeTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table;
  } catch (err) {
    if (isNamed(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const table = await describeTable(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (Date.now() > deadline) {
      throw new Error(`Table ${tableName} not ACTIVE after ${ACTIVE_TIMEOUT_MS} ms (${table?.TableStatus})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function describeKeys(schema: readonly KeySchemaElement[] | undefined): string {
  const hash = schema?.find((key) => key.KeyType === 'HASH')?.AttributeName ?? '?';
  const range = schema?.find((key) => key.KeyType === 'RANGE')?.AttributeName;
  return range ? `${hash}/${range}` : hash;
}

function verifyTable(tableName: string, table: TableDescription, def: TableDefinition): void {
  const problems: string[] = [];
  const keyTypes = new Map((table.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));

  const wantKeys = describeKeys(keySchema(def));
  const haveKeys = describeKeys(table.KeySchema);
  if (wantKeys !== haveKeys) problems.push(`primary key is ${haveKeys}, definition says ${wantKeys}`);

  const have = new Map((table.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName ?? '', index]));
  for (const index of def.globalIndexes) {
    const existing = have.get(index.name);
    if (!existing) {
      problems.push(`index ${index.name} is missing`);
      continue;
    }
    have.delete(index.name);
    const wantIndexKeys = describeKeys(keySchema(index));
    const haveIndexKeys = describeKeys(existing.KeySchema);
    if (wantIndexKeys !== haveIndexKeys) {
      problems.push(`index ${index.name} keys are ${haveIndexKeys}, definition says ${wantIndexKeys}`);
    }
    const projection = existing.Projection?.ProjectionType;
    if (projection !== index.projection) {
      problems.push(`index ${index.name} projects ${projection}, definition says ${index.projection}`);
    }
  }
  for (const extra of have.keys()) problems.push(`index ${extra} is not in the definition`);

  for (const key of [
    ...(table.KeySchema ?? []),
    ...(table.GlobalSecondaryIndexes ?? []).flatMap((i) => i.KeySchema ?? []),
  ]) {
    const type = keyTypes.get(key.AttributeName);
    if (type !== 'S') problems.push(`key attribute ${key.AttributeName} has type ${type}, expected S`);
  }

  const stream = table.StreamSpecification;
  if (!stream?.StreamEnabled || stream.StreamViewType !== def.stream) {
    problems.push(
      `stream is ${stream?.StreamEnabled ? stream.StreamViewType : 'disabled'}, definition says ${def.stream}`,
    );
  }

  if (problems.length > 0) {
    throw new Error(
      `Table ${tableName} exists but does not match the manifest: ${[...new Set(problems)].join('; ')}. ` +
        'Delete the local database (or use another table name) to recreate it.',
    );
  }
}

async function ensureTimeToLive(client: DynamoDBClient, tableName: string, attribute: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  const status = ttl?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') {
    if (ttl?.AttributeName === attribute) return;
    throw new Error(
      `Table ${tableName} has TTL on ${ttl?.AttributeName}, definition says ${attribute}. ` +
        'Delete the local database (or use another table name) to recreate it.',
    );
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
      }),
    );
  } catch (err) {
    // Raced with another caller that just enabled it.
    if (!(isNamed(err, 'ValidationException') && /already enabled/i.test(String(err)))) throw err;
  }
}

function isNamed(err: unknown, name: string): boolean {
  return err instanceof Error && err.name === name;
}
