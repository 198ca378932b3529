import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { listMyMessages } from '../../use-cases/resident-messages';

export const handler = httpHandler(routes.listMyMessages, async ({ principal, now }) => ({
  status: 200,
  body: await listMyMessages(principal, now),
}));
