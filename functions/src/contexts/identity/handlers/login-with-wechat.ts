import { httpHandler } from '../../../lib/middleware/http-handler';
import { wechat } from '../../../lib/wechat';
import { identityRoutes as routes } from '../routes';
import { loginWithWeChat } from '../use-cases/sessions';

export const handler = httpHandler(routes.loginWithWeChat, async ({ body, now }) => ({
  status: 200,
  body: await loginWithWeChat(wechat(), body.code, now),
}));
