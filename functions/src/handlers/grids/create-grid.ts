import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { createGrid } from '../../use-cases/hierarchy';

export const handler = httpHandler(routes.createGrid, async ({ body, principal, now }) => ({
  status: 201,
  body: await createGrid(principal, body, now),
}));
