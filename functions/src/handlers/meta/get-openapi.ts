import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { buildOpenApi } from '../../openapi';

let document: Record<string, unknown> | undefined;

export const handler = httpHandler(routes.getOpenApi, async () => {
  document ??= buildOpenApi();
  return { status: 200, body: document };
});
