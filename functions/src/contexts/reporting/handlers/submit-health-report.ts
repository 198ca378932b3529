import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { submitHealthReport } from '../use-cases/health-reports';

export const handler = httpHandler(
  routes.submitHealthReport,
  async ({ params, body, principal, idempotencyKey, now }) =>
    createdOrReplayed(await submitHealthReport(principal, params.personId, body, idempotencyKey, now)),
);
