import { httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { myShifts } from '../use-cases/shifts';

export const handler = httpHandler(routes.listMyShifts, async ({ query, principal, now }) => ({
  status: 200,
  body: await myShifts(principal, query.from, now),
}));
