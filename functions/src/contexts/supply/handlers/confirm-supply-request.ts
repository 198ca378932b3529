import { httpHandler } from '../../../lib/middleware/http-handler';
import { supplyRoutes as routes } from '../routes';
import { transitionSupplyRequest } from '../use-cases/supply-requests';

export const handler = httpHandler(routes.confirmSupplyRequest, async ({ params, principal, now }) => ({
  status: 200,
  body: await transitionSupplyRequest(principal, params.requestId, 'confirm', undefined, now),
}));
