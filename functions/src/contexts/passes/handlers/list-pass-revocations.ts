import { httpHandler } from '../../../lib/middleware/http-handler';
import { passesRoutes as routes } from '../routes';
import { listPassRevocations } from '../use-cases/trust';

export const handler = httpHandler(routes.listPassRevocations, async ({ query, now }) => ({
  status: 200,
  body: await listPassRevocations(query, now),
}));
