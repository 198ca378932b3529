import { httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { rosterStaff } from '../use-cases/roster-staff';

export const handler = httpHandler(routes.listRosterStaff, async ({ params, principal }) => ({
  status: 200,
  body: await rosterStaff(principal, params.checkpointId),
}));
