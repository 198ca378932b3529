import { httpHandler } from '../../../lib/middleware/http-handler';
import { privacyRoutes as routes } from '../routes';
import { acceptPrivacyNotice } from '../use-cases/privacy-consent';

export const handler = httpHandler(routes.acceptPrivacyNotice, async ({ body, principal, now }) => ({
  status: 200,
  body: await acceptPrivacyNotice(principal, body.version, now),
}));
