import { httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { signShift } from '../use-cases/shifts';

export const handler = httpHandler(routes.signOutShift, async ({ params, principal, now }) => ({
  status: 200,
  body: await signShift(principal, params.shiftId, 'sign-out', now),
}));
