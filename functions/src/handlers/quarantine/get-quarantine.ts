import { routes } from '../../manifest';
import { httpHandler } from '../../middleware/http-handler';
import { loadQuarantineInScope, toQuarantine } from '../../use-cases/quarantine';

export const handler = httpHandler(routes.getQuarantine, async ({ params, principal }) => ({
  status: 200,
  body: toQuarantine(await loadQuarantineInScope(principal, params.quarantineId)),
}));
