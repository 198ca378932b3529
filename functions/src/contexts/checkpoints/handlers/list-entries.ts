import { httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { listEntries } from '../use-cases/entries';

export const handler = httpHandler(routes.listEntries, async ({ params, query, principal }) => ({
  status: 200,
  body: await listEntries(principal, params.checkpointId, query),
}));
