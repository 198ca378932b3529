import { httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { quarantineBoard } from '../use-cases/checks';

export const handler = httpHandler(routes.getQuarantineBoard, async ({ params, principal, now }) => ({
  status: 200,
  body: await quarantineBoard(principal, params.gridCode, now),
}));
