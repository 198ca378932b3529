import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { verifySubmission } from '../../use-cases/submissions';

export const handler = httpHandler(routes.verifySubmission, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await verifySubmission(principal, params.submissionId, body, now),
}));
