/**
 * Loads a handler module in the test process itself, configured like the stack's (same table,
 * DynamoDB Local, fake WeChat), to feed it hand-made stream events: how tests reproduce Lambda
 * redelivering a batch. Call restoreEnvironment() in afterAll.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_SECRETS } from '../../../functions/local/local-env';
import { stack } from './client';

let savedEnv: NodeJS.ProcessEnv | undefined;

export function configureLikeTheStack(): void {
  savedEnv ??= { ...process.env };
  Object.assign(process.env, {
    ...LOCAL_SECRETS,
    TABLE_NAME: stack().tableName,
    DYNAMODB_ENDPOINT: stack().dynamoEndpoint,
    AWS_REGION: 'cn-northwest-1',
    WECHAT_API_BASE: stack().wechatUrl,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    // As the local stack: DynamoDB Local on a busy machine may take seconds to answer.
    DYNAMODB_REQUEST_TIMEOUT_MS: '10000',
  });
}

export function restoreEnvironment(): void {
  if (savedEnv) process.env = savedEnv;
  savedEnv = undefined;
}

/** A client of the stack's DynamoDB Local, for tests that look at or bend the stored items directly. */
export function stackDynamo(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: stack().dynamoEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
}
