import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { reparseImport } from '../use-cases/cross-match-upload';

export const handler = httpHandler(routes.reparseImport, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await reparseImport(principal, params.importId, body, now),
}));
