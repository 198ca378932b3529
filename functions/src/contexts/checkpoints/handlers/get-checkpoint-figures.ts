import { httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { checkpointFigures } from '../use-cases/entries';

export const handler = httpHandler(routes.getCheckpointFigures, async ({ params, query, principal }) => ({
  status: 200,
  body: await checkpointFigures(principal, params.checkpointId, query.date),
}));
