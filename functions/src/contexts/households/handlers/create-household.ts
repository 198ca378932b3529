import { httpHandler } from '../../../lib/middleware/http-handler';
import { householdsRoutes as routes } from '../routes';
import { createHousehold } from '../use-cases/households';

export const handler = httpHandler(routes.createHousehold, ({ body, principal, idempotencyKey, now }) =>
  createHousehold(principal, body, idempotencyKey, now),
);
