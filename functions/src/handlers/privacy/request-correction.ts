import { privacyRoutes as routes } from '../../manifest/privacy';
import { httpHandler } from '../../middleware/http-handler';
import { requestCorrectionOfMember } from '../../use-cases/corrections';

export const handler = httpHandler(routes.requestCorrection, ({ body, principal, idempotencyKey, now }) =>
  requestCorrectionOfMember(principal, body, idempotencyKey, now),
);
