/** A stream reader's Lambda handler: the dispatcher over its consumers, one log line per batch. */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { backgroundHandler } from '../middleware/background-handler';
import { logger } from '../middleware/logger';
import { type DispatchedConsumer, dispatch } from './dispatcher';

export function streamReader(name: string, consumers: readonly DispatchedConsumer[]) {
  return backgroundHandler(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const outcome = await dispatch(name, event.Records, consumers);
    logger.info('stream batch dispatched', {
      records: event.Records.length,
      ignored: outcome.ignored,
      failed: outcome.batchItemFailures.length,
      ...outcome.delivered,
    });
    return { batchItemFailures: outcome.batchItemFailures };
  });
}
