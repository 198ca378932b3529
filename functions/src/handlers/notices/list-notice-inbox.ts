import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { inbox } from '../../use-cases/notices';

export const handler = httpHandler(routes.listNoticeInbox, async ({ query, principal }) => ({
  status: 200,
  body: await inbox(principal, query.limit, query.cursor),
}));
