import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { householdsRoutes as routes } from '../routes';
import { createHousehold } from '../use-cases/households';

export const handler = httpHandler(routes.createHousehold, async ({ body, principal, idempotencyKey, now }) =>
  createdOrReplayed(await createHousehold(principal, body, idempotencyKey, now)),
);
