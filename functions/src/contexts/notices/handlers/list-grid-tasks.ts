import { httpHandler } from '../../../lib/middleware/http-handler';
import { noticesRoutes as routes } from '../routes';
import { gridTasks } from '../use-cases/subscriptions';

export const handler = httpHandler(routes.listGridTasks, async ({ params, query, principal }) => ({
  status: 200,
  body: await gridTasks(principal, params.gridCode, query.limit, query.cursor),
}));
