import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { putImportPart } from '../use-cases/cross-match-upload';

export const handler = httpHandler(routes.putImportPart, async ({ params, body, principal }) => ({
  status: 200,
  body: await putImportPart(principal, params.importId, params.partNumber, body.contentBase64),
}));
