import { httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { placeQuarantine } from '../use-cases/quarantine';

export const handler = httpHandler(routes.placeQuarantine, async ({ body, principal, now }) => ({
  status: 201,
  body: await placeQuarantine(principal, body, now),
}));
