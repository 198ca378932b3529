import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { closeRegionResponse } from '../../use-cases/retention';

export const handler = httpHandler(routes.closeRegionResponse, async ({ params, body, principal, now }) => {
  const { closure, created } = await closeRegionResponse(principal, params.code, body, now);
  return { status: created ? 201 : 200, body: closure };
});
