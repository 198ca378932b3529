import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { createHousehold } from '../../use-cases/households';

export const handler = httpHandler(routes.createHousehold, ({ body, principal, idempotencyKey, now }) =>
  createHousehold(principal, body, idempotencyKey, now),
);
