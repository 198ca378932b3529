import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { noticesRoutes as routes } from '../routes';
import { publishNotice } from '../use-cases/notices';

export const handler = httpHandler(routes.publishNotice, async ({ body, principal, idempotencyKey, now }) =>
  createdOrReplayed(await publishNotice(principal, body, idempotencyKey, now)),
);
