import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { submitHealthReport } from '../../use-cases/health-reports';

export const handler = httpHandler(
  routes.submitHealthReport,
  ({ params, body, principal, idempotencyKey, now }) =>
    submitHealthReport(principal, params.personId, body, idempotencyKey, now),
);
