import { privacyRoutes as routes } from '../../manifest/privacy';
import { httpHandler } from '../../middleware/http-handler';
import { resolveCorrectionRequest } from '../../use-cases/corrections';

export const handler = httpHandler(routes.resolveCorrection, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await resolveCorrectionRequest(principal, params.correctionId, body, now),
}));
