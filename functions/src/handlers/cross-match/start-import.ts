import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { startImport } from '../../use-cases/cross-match';

export const handler = httpHandler(routes.startImport, async ({ params, body, principal, now }) => ({
  status: 202,
  body: await startImport(principal, params.importId, body.parts, now),
}));
