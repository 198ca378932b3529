import { httpHandler } from '../../../lib/middleware/http-handler';
import { noticesRoutes as routes } from '../routes';
import { recordGrants } from '../use-cases/subscriptions';

export const handler = httpHandler(routes.recordSubscriptions, async ({ body, principal }) => ({
  status: 200,
  body: await recordGrants(principal, body.accepted),
}));
