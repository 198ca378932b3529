import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { acknowledgeNotice } from '../../use-cases/notices';

export const handler = httpHandler(routes.acknowledgeNotice, async ({ params, principal, now }) => ({
  status: 200,
  body: await acknowledgeNotice(principal, params.noticeId, now),
}));
