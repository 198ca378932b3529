import { supplyRoutes as routes } from '../../manifest/supply';
import { httpHandler } from '../../middleware/http-handler';
import { transitionSupplyRequest } from '../../use-cases/supply-requests';

export const handler = httpHandler(routes.deliverSupplyRequest, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await transitionSupplyRequest(principal, params.requestId, 'deliver', body.note, now),
}));
