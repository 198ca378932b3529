import { httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { createCheckpoint } from '../use-cases/checkpoints';

export const handler = httpHandler(routes.createCheckpoint, async ({ body, principal, now }) => ({
  status: 201,
  body: await createCheckpoint(principal, body, now),
}));
