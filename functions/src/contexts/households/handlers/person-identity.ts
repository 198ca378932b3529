/**
 * Stream consumer: keeps each person's identity keys (ID, phone, name + birth date) in line
 * with the person item, and closes open registration tasks naming a newly registered person's ID.
 * Both are safe to repeat, so a redelivered batch does no harm.
 */
import { now } from '../../../lib/clock';
import { logger } from '../../../lib/middleware/logger';
import { consumeEach, type StreamChange } from '../../../lib/streams/dispatcher';
import { closeRowsForRegisteredPerson } from '../../screening/use-cases/registration-tasks';
import { syncIdentityKeys } from '../use-cases/person-identity';

async function apply(change: StreamChange): Promise<void> {
  if (change.type !== 'PERSON') return;
  const oldImage = change.oldItem;
  const newImage = change.newItem;
  await syncIdentityKeys(oldImage, newImage);
  if (change.eventName === 'INSERT' && newImage?.personId && newImage.idHash) {
    const closed = await closeRowsForRegisteredPerson(
      { personId: newImage.personId, idHash: newImage.idHash },
      now(),
    );
    if (closed > 0)
      logger.info('registration tasks closed by registration', { personId: newImage.personId, closed });
  }
}

export function consume(changes: StreamChange[]): Promise<string[]> {
  return consumeEach(changes, apply, 'person identity update failed');
}
