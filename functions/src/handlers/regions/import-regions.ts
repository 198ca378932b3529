import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { importRegions } from '../../use-cases/hierarchy';

export const handler = httpHandler(routes.importRegions, async ({ body, principal }) => ({
  status: 200,
  body: await importRegions(principal, body.cityCode),
}));
