import { httpHandler } from '../../../lib/middleware/http-handler';
import { privacyRoutes as routes } from '../routes';
import { accessLog } from '../use-cases/audit';

export const handler = httpHandler(routes.getMyAccessLog, async ({ principal }) => ({
  status: 200,
  body: await accessLog(principal),
}));
