import { httpHandler } from '../../../lib/middleware/http-handler';
import { passesRoutes as routes } from '../routes';
import { listPassKeys } from '../use-cases/trust';

export const handler = httpHandler(routes.getPassKeys, async () => ({
  status: 200,
  body: await listPassKeys(),
}));
