import { httpHandler } from '../../../lib/middleware/http-handler';
import { privacyRoutes as routes } from '../routes';
import { withdrawPrivacyNotice } from '../use-cases/privacy-consent';

export const handler = httpHandler(routes.withdrawPrivacyConsent, async ({ principal, now }) => ({
  status: 200,
  body: await withdrawPrivacyNotice(principal, now),
}));
