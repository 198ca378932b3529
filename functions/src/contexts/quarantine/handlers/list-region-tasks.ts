import { httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { listRegionTasks } from '../use-cases/escalation-notice';

export const handler = httpHandler(routes.listRegionTasks, async ({ params, query, principal }) => ({
  status: 200,
  body: await listRegionTasks(principal, params.code, query.limit, query.cursor),
}));
