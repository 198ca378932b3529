import { httpHandler } from '../../../lib/middleware/http-handler';
import { closeRegionResponse } from '../../privacy/use-cases/retention';
import { hierarchyRoutes as routes } from '../routes';

export const handler = httpHandler(routes.closeRegionResponse, async ({ params, body, principal, now }) => {
  const { closure, created } = await closeRegionResponse(principal, params.code, body, now);
  return { status: created ? 201 : 200, body: closure };
});
