import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { noticeAcks } from '../../use-cases/notices';

export const handler = httpHandler(routes.getNoticeAcks, async ({ params, principal }) => ({
  status: 200,
  body: await noticeAcks(principal, params.noticeId),
}));
