import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { quarantineBoard } from '../../use-cases/checks';

export const handler = httpHandler(routes.getQuarantineBoard, async ({ params, principal, now }) => ({
  status: 200,
  body: await quarantineBoard(principal, params.gridCode, now),
}));
