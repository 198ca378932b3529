import { wechat } from '../../adapters/wechat';
import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { bindStaffPhone } from '../../use-cases/sessions';

export const handler = httpHandler(routes.bindStaffPhone, async ({ body, principal }) => ({
  status: 200,
  body: await bindStaffPhone(wechat(), principal, body.code),
}));
