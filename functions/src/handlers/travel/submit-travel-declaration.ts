import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { submitTravelDeclaration } from '../../use-cases/travel';

export const handler = httpHandler(
  routes.submitTravelDeclaration,
  ({ params, body, principal, idempotencyKey, now }) =>
    submitTravelDeclaration(principal, params.personId, body, idempotencyKey, now),
);
