import { getUser } from '../../data/users';
import { AppError } from '../../errors';
import { routes } from '../../manifest';
import { httpHandler } from '../../middleware/http-handler';
import { toUser } from '../../use-cases/sessions';

export const handler = httpHandler(routes.getMe, async ({ principal }) => {
  const user = await getUser(principal.userId);
  if (!user) throw new AppError('TOKEN_INVALID');
  return { status: 200, body: toUser(user) };
});
