import { httpHandler } from '../../../lib/middleware/http-handler';
import { passesRoutes as routes } from '../routes';
import { issuePersonPass } from '../use-cases/issue-pass';

export const handler = httpHandler(routes.issuePersonPass, async ({ params, principal, now }) => ({
  status: 200,
  body: await issuePersonPass(principal, params.personId, now),
}));
