import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { recordGrants } from '../../use-cases/subscriptions';

export const handler = httpHandler(routes.recordSubscriptions, async ({ body, principal }) => ({
  status: 200,
  body: await recordGrants(principal, body.accepted),
}));
