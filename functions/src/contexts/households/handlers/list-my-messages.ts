import { httpHandler } from '../../../lib/middleware/http-handler';
import { householdsRoutes as routes } from '../routes';
import { listMyMessages } from '../use-cases/resident-messages';

export const handler = httpHandler(routes.listMyMessages, async ({ principal, now }) => ({
  status: 200,
  body: await listMyMessages(principal, now),
}));
