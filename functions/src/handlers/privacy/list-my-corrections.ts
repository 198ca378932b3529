import { privacyRoutes as routes } from '../../manifest/privacy';
import { httpHandler } from '../../middleware/http-handler';
import { listMyCorrections } from '../../use-cases/corrections';

export const handler = httpHandler(routes.listMyCorrections, async ({ query, principal }) => ({
  status: 200,
  body: await listMyCorrections(principal, query),
}));
