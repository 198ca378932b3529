import { httpHandler } from '../../../lib/middleware/http-handler';
import { identityRoutes as routes } from '../routes';
import { disableStaff } from '../use-cases/staff';

export const handler = httpHandler(routes.disableStaff, async ({ params, principal, now }) => ({
  status: 200,
  body: await disableStaff(principal, params.userId, now),
}));
