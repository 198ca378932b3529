import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';

let doc: DynamoDBDocumentClient | undefined;

/** One client per container, created on first use and reused across invocations. */
export function db(): DynamoDBDocumentClient {
  if (!doc) {
    const { DYNAMODB_ENDPOINT, AWS_REGION, DYNAMODB_REQUEST_TIMEOUT_MS } = config();
    const client = new DynamoDBClient({
      region: AWS_REGION,
      // Fail well within the HTTP functions' 10 s timeout: three attempts of at most 1 s to connect
      // and 2 s to answer (DynamoDB answers in milliseconds), then 503 STORAGE_UNAVAILABLE. Without
      // throwOnRequestTimeout the SDK only warns about a slow answer, and a hung connection would
      // hold the request until Lambda kills it (no error envelope, no Retry-After).
      maxAttempts: 3,
      requestHandler: {
        connectionTimeout: 1000,
        requestTimeout: DYNAMODB_REQUEST_TIMEOUT_MS,
        throwOnRequestTimeout: true,
      },
      ...(DYNAMODB_ENDPOINT
        ? { endpoint: DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
    doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return doc;
}

export function tableName(): string {
  return config().TABLE_NAME;
}
