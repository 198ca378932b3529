import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { startImport } from '../use-cases/cross-match-upload';

export const handler = httpHandler(routes.startImport, async ({ params, body, principal, now }) => ({
  status: 202,
  body: await startImport(principal, params.importId, body.parts, now),
}));
