import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { createImport } from '../../use-cases/cross-match';

export const handler = httpHandler(routes.createImport, ({ body, principal, now }) =>
  createImport(principal, body, now),
);
