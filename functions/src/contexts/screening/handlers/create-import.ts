import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { createImport } from '../use-cases/cross-match';

export const handler = httpHandler(routes.createImport, ({ body, principal, now }) =>
  createImport(principal, body, now),
);
