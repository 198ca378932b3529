/**
 * Stream consumer: keeps each person's identity keys (ID, phone, name + birth date) in line
 * with the person item, and closes open registration tasks naming a newly registered person's ID.
 * Both are safe to repeat, so a redelivered batch does no harm.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { now } from '../../clock';
import { config } from '../../config';
import type { PersonItem } from '../../data/households';
import { logger } from '../../middleware/logger';
import { closeRowsForRegisteredPerson } from '../../use-cases/cross-match';
import { syncIdentityKeys } from '../../use-cases/person-identity';
import { processRecords } from './stream-records';

type PersonImage = Partial<PersonItem> & { mergedInto?: string; type?: string };

function image(raw: Record<string, AttributeValue> | undefined): PersonImage | undefined {
  return raw ? (unmarshall(raw) as PersonImage) : undefined;
}

async function apply(record: DynamoDBRecord): Promise<void> {
  const oldImage = image(record.dynamodb?.OldImage as Record<string, AttributeValue> | undefined);
  const newImage = image(record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined);
  if ((newImage ?? oldImage)?.type !== 'PERSON') return;
  await syncIdentityKeys(oldImage, newImage);
  if (record.eventName === 'INSERT' && newImage?.personId && newImage.idHash) {
    const closed = await closeRowsForRegisteredPerson(
      { personId: newImage.personId, idHash: newImage.idHash },
      now(),
    );
    if (closed > 0)
      logger.info('registration tasks closed by registration', { personId: newImage.personId, closed });
  }
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  config();
  return processRecords(event.Records, apply, (err, record) =>
    logger.error('person identity update failed', {
      error: err as Error,
      sequenceNumber: record.dynamodb?.SequenceNumber,
    }),
  );
}
