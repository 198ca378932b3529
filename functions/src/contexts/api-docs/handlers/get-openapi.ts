import { httpHandler } from '../../../lib/middleware/http-handler';
import { buildOpenApi } from '../openapi';
import { apiDocsRoutes as routes } from '../routes';

let document: Record<string, unknown> | undefined;

export const handler = httpHandler(routes.getOpenApi, async () => {
  document ??= buildOpenApi();
  return { status: 200, body: document };
});
