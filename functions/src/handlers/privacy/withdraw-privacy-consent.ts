import { privacyRoutes as routes } from '../../manifest/privacy';
import { httpHandler } from '../../middleware/http-handler';
import { withdrawPrivacyNotice } from '../../use-cases/privacy-consent';

export const handler = httpHandler(routes.withdrawPrivacyConsent, async ({ principal, now }) => ({
  status: 200,
  body: await withdrawPrivacyNotice(principal, now),
}));
