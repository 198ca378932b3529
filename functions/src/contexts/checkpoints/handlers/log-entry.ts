import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { logEntry } from '../use-cases/entries';

export const handler = httpHandler(
  routes.logEntry,
  async ({ params, body, principal, idempotencyKey, now }) =>
    createdOrReplayed(await logEntry(principal, params.checkpointId, body, idempotencyKey, now)),
);
