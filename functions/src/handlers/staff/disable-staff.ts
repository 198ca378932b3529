import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { disableStaff } from '../../use-cases/staff';

export const handler = httpHandler(routes.disableStaff, async ({ params, principal, now }) => ({
  status: 200,
  body: await disableStaff(principal, params.userId, now),
}));
