import { wechat } from '../../adapters/wechat';
import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { loginWithWeChat } from '../../use-cases/sessions';

export const handler = httpHandler(routes.loginWithWeChat, async ({ body, now }) => ({
  status: 200,
  body: await loginWithWeChat(wechat(), body.code, now),
}));
