import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { extend } from '../../use-cases/quarantine';

export const handler = httpHandler(routes.extendQuarantine, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await extend(principal, params.quarantineId, body, now),
}));
