import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { putImportPart } from '../../use-cases/cross-match';

export const handler = httpHandler(routes.putImportPart, async ({ params, body, principal }) => ({
  status: 200,
  body: await putImportPart(principal, params.importId, params.partNumber, body.contentBase64),
}));
