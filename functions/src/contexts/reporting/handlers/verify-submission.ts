import { httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { verifySubmission } from '../use-cases/submissions';

export const handler = httpHandler(routes.verifySubmission, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await verifySubmission(principal, params.submissionId, body, now),
}));
