import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { screenPlace } from '../../use-cases/screening';

export const handler = httpHandler(routes.screenPlace, ({ params, body, principal, idempotencyKey, now }) =>
  screenPlace(principal, params.placeId, body, idempotencyKey, now),
);
