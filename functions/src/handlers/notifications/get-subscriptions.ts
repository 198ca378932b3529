import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { subscriptions } from '../../use-cases/subscriptions';

export const handler = httpHandler(routes.getSubscriptions, async ({ principal }) => ({
  status: 200,
  body: await subscriptions(principal),
}));
