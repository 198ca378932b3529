import { httpHandler } from '../../../lib/middleware/http-handler';
import { privacyRoutes as routes } from '../routes';
import { requestCorrectionOfMember } from '../use-cases/corrections';

export const handler = httpHandler(routes.requestCorrection, ({ body, principal, idempotencyKey, now }) =>
  requestCorrectionOfMember(principal, body, idempotencyKey, now),
);
