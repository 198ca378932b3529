import { httpHandler } from '../../../lib/middleware/http-handler';
import { privacyRoutes as routes } from '../routes';
import { listMyCorrections } from '../use-cases/corrections';

export const handler = httpHandler(routes.listMyCorrections, async ({ query, principal }) => ({
  status: 200,
  body: await listMyCorrections(principal, query),
}));
