import { httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { submitHealthReport } from '../use-cases/health-reports';

export const handler = httpHandler(
  routes.submitHealthReport,
  ({ params, body, principal, idempotencyKey, now }) =>
    submitHealthReport(principal, params.personId, body, idempotencyKey, now),
);
