import { httpHandler } from '../../../lib/middleware/http-handler';
import { noticesRoutes as routes } from '../routes';
import { subscriptions } from '../use-cases/subscriptions';

export const handler = httpHandler(routes.getSubscriptions, async ({ principal }) => ({
  status: 200,
  body: await subscriptions(principal),
}));
