import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { createPlace } from '../../use-cases/screening';

export const handler = httpHandler(routes.createPlace, async ({ params, body, principal, now }) => ({
  status: 201,
  body: await createPlace(principal, params.gridCode, body, now),
}));
