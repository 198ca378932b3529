import { httpHandler } from '../../../lib/middleware/http-handler';
import { noticesRoutes as routes } from '../routes';
import { acknowledgeNotice } from '../use-cases/notices';

export const handler = httpHandler(routes.acknowledgeNotice, async ({ params, principal, now }) => ({
  status: 200,
  body: await acknowledgeNotice(principal, params.noticeId, now),
}));
