import { httpHandler } from '../../../lib/middleware/http-handler';
import { describeMe } from '../../privacy/use-cases/privacy-consent';
import { identityRoutes as routes } from '../routes';

export const handler = httpHandler(routes.getMe, async ({ principal }) => ({
  status: 200,
  body: await describeMe(principal),
}));
