import { httpHandler } from '../../../lib/middleware/http-handler';
import { wechat } from '../../../lib/wechat';
import { identityRoutes as routes } from '../routes';
import { bindStaffPhone } from '../use-cases/sessions';

export const handler = httpHandler(routes.bindStaffPhone, async ({ body, principal, now }) => ({
  status: 200,
  body: await bindStaffPhone(wechat(), principal, body.code, now),
}));
