import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { createImport } from '../use-cases/cross-match-upload';

/** 202: the whole file came and processing starts; 201: the import waits for its parts. */
export const handler = httpHandler(routes.createImport, async ({ body, principal, now }) => {
  const created = await createImport(principal, body, now);
  return { status: created.waitsForParts ? 201 : 202, body: created.import };
});
