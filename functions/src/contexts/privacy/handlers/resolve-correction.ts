import { httpHandler } from '../../../lib/middleware/http-handler';
import { privacyRoutes as routes } from '../routes';
import { resolveCorrectionRequest } from '../use-cases/corrections';

export const handler = httpHandler(routes.resolveCorrection, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await resolveCorrectionRequest(principal, params.correctionId, body, now),
}));
