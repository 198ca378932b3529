import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { publishNotice } from '../../use-cases/notices';

export const handler = httpHandler(routes.publishNotice, async ({ body, principal, now }) => ({
  status: 201,
  body: await publishNotice(principal, body, now),
}));
