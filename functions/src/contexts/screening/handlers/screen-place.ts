import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { screenPlace } from '../use-cases/screening';

export const handler = httpHandler(
  routes.screenPlace,
  async ({ params, body, principal, idempotencyKey, now }) =>
    createdOrReplayed(await screenPlace(principal, params.placeId, body, idempotencyKey, now)),
);
