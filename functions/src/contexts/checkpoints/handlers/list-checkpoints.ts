import { httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { listCheckpoints } from '../use-cases/checkpoints';

export const handler = httpHandler(routes.listCheckpoints, async ({ query, principal }) => ({
  status: 200,
  body: await listCheckpoints(principal, query.regionCode),
}));
