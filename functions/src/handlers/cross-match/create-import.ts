import { routes } from '../../manifest';
import { httpHandler } from '../../middleware/http-handler';
import { createImport } from '../../use-cases/cross-match';

export const handler = httpHandler(routes.createImport, async ({ body, principal, now }) => ({
  status: 202,
  body: await createImport(principal, body, now),
}));
