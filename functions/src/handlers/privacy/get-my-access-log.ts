import { privacyRoutes as routes } from '../../manifest/privacy';
import { httpHandler } from '../../middleware/http-handler';
import { accessLog } from '../../use-cases/audit';

export const handler = httpHandler(routes.getMyAccessLog, async ({ principal }) => ({
  status: 200,
  body: await accessLog(principal),
}));
