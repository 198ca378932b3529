import { httpHandler } from '../../../lib/middleware/http-handler';
import { supplyRoutes as routes } from '../routes';
import { transitionSupplyRequest } from '../use-cases/supply-requests';

export const handler = httpHandler(routes.deliverSupplyRequest, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await transitionSupplyRequest(principal, params.requestId, 'deliver', body.note, now),
}));
