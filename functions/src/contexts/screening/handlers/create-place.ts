import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { createPlace } from '../use-cases/screening';

export const handler = httpHandler(routes.createPlace, async ({ params, body, principal, now }) => ({
  status: 201,
  body: await createPlace(principal, params.gridCode, body, now),
}));
