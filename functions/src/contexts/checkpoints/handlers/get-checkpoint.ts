import { httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { loadCheckpointInScope } from '../use-cases/access';
import { toCheckpoint } from '../use-cases/checkpoints';

export const handler = httpHandler(routes.getCheckpoint, async ({ params, principal }) => ({
  status: 200,
  body: toCheckpoint(await loadCheckpointInScope(principal, params.checkpointId)),
}));
