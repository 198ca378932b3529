import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { describeMe } from '../../use-cases/privacy-consent';

export const handler = httpHandler(routes.getMe, async ({ principal }) => ({
  status: 200,
  body: await describeMe(principal),
}));
