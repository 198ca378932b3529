import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { gridTasks } from '../../use-cases/subscriptions';

export const handler = httpHandler(routes.listGridTasks, async ({ params, query, principal }) => ({
  status: 200,
  body: await gridTasks(principal, params.gridCode, query.limit, query.cursor),
}));
