import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { createStaff } from '../../use-cases/staff';

export const handler = httpHandler(routes.createStaff, async ({ body, principal, now }) => ({
  status: 201,
  body: await createStaff(principal, body, now),
}));
