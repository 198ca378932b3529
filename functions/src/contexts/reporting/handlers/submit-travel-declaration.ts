import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { submitTravelDeclaration } from '../use-cases/travel';

export const handler = httpHandler(
  routes.submitTravelDeclaration,
  async ({ params, body, principal, idempotencyKey, now }) =>
    createdOrReplayed(await submitTravelDeclaration(principal, params.personId, body, idempotencyKey, now)),
);
