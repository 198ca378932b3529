import { httpHandler } from '../../../lib/middleware/http-handler';
import { noticesRoutes as routes } from '../routes';
import { inbox } from '../use-cases/notices';

export const handler = httpHandler(routes.listNoticeInbox, async ({ query, principal }) => ({
  status: 200,
  body: await inbox(principal, query.limit, query.cursor),
}));
