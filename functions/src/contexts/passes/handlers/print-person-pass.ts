import { httpHandler } from '../../../lib/middleware/http-handler';
import { passesRoutes as routes } from '../routes';
import { printPersonPass } from '../use-cases/print-pass';

export const handler = httpHandler(routes.printPersonPass, async ({ params, principal, now }) => ({
  status: 200,
  body: null,
  file: await printPersonPass(principal, params.personId, now),
}));
