import { httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { submitTravelDeclaration } from '../use-cases/travel';

export const handler = httpHandler(
  routes.submitTravelDeclaration,
  ({ params, body, principal, idempotencyKey, now }) =>
    submitTravelDeclaration(principal, params.personId, body, idempotencyKey, now),
);
