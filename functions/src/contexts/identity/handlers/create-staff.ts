import { httpHandler } from '../../../lib/middleware/http-handler';
import { identityRoutes as routes } from '../routes';
import { createStaff } from '../use-cases/staff';

export const handler = httpHandler(routes.createStaff, async ({ body, principal, now }) => ({
  status: 201,
  body: await createStaff(principal, body, now),
}));
