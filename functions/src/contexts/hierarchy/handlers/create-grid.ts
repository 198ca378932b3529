import { httpHandler } from '../../../lib/middleware/http-handler';
import { hierarchyRoutes as routes } from '../routes';
import { createGrid } from '../use-cases/hierarchy';

export const handler = httpHandler(routes.createGrid, async ({ body, principal, now }) => ({
  status: 201,
  body: await createGrid(principal, body, now),
}));
