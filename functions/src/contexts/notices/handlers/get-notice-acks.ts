import { httpHandler } from '../../../lib/middleware/http-handler';
import { noticesRoutes as routes } from '../routes';
import { noticeAcks } from '../use-cases/notices';

export const handler = httpHandler(routes.getNoticeAcks, async ({ params, principal }) => ({
  status: 200,
  body: await noticeAcks(principal, params.noticeId),
}));
