import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { publishNotice } from '../../use-cases/notices';

export const handler = httpHandler(routes.publishNotice, async ({ body, principal, idempotencyKey, now }) =>
  publishNotice(principal, body, idempotencyKey, now),
);
