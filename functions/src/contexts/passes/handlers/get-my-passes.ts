import { httpHandler } from '../../../lib/middleware/http-handler';
import { passesRoutes as routes } from '../routes';
import { getMyPasses } from '../use-cases/issue-pass';

export const handler = httpHandler(routes.getMyPasses, async ({ principal, now }) => ({
  status: 200,
  body: await getMyPasses(principal, now),
}));
