import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { placeQuarantine } from '../../use-cases/quarantine';

export const handler = httpHandler(routes.placeQuarantine, async ({ body, principal, now }) => ({
  status: 201,
  body: await placeQuarantine(principal, body, now),
}));
