import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { privacyRoutes as routes } from '../routes';
import { requestCorrectionOfMember } from '../use-cases/corrections';

export const handler = httpHandler(
  routes.requestCorrection,
  async ({ body, principal, idempotencyKey, now }) =>
    createdOrReplayed(await requestCorrectionOfMember(principal, body, idempotencyKey, now)),
);
