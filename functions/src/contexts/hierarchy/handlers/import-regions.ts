import { httpHandler } from '../../../lib/middleware/http-handler';
import { hierarchyRoutes as routes } from '../routes';
import { importRegions } from '../use-cases/hierarchy';

export const handler = httpHandler(routes.importRegions, async ({ body, principal }) => ({
  status: 200,
  body: await importRegions(principal, body.cityCode),
}));
