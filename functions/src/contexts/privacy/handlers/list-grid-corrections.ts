import { httpHandler } from '../../../lib/middleware/http-handler';
import { privacyRoutes as routes } from '../routes';
import { listGridCorrections } from '../use-cases/corrections';

export const handler = httpHandler(routes.listGridCorrections, async ({ params, query, principal, now }) => ({
  status: 200,
  body: await listGridCorrections(principal, params.gridCode, query, now),
}));
