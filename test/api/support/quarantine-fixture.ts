/**
 * Direct writes to DynamoDB Local for what the supply tests need but no API offered when they were
 * written. Stands in until the quarantine API lands: then place people in quarantine through
 * POST /v1/quarantines instead, and delete `putInQuarantine`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { stack } from './client';

let doc: DynamoDBDocumentClient | undefined;

function db(): DynamoDBDocumentClient {
  doc ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack().dynamoEndpoint,
      region: 'cn-northwest-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return doc;
}

/** Marks a person as in home quarantine (what the quarantine use case sets on the person item). */
export async function putInQuarantine(personId: string, quarantineId = `FIXTURE-${personId}`): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: stack().tableName,
      Key: { pk: `PERSON#${personId}`, sk: 'PERSON' },
      UpdateExpression: 'SET activeQuarantineId = :q',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':q': quarantineId },
    }),
  );
}
