import { config } from '../config';
import { createWeChatClient, type WeChatPort } from './wechat-client';

let client: WeChatPort | undefined;

/** One client per container, so its cached access token outlives a single invocation. */
export function wechat(): WeChatPort {
  if (!client) {
    const c = config();
    client = createWeChatClient({
      baseUrl: c.WECHAT_API_BASE,
      appId: c.WECHAT_APP_ID,
      appSecret: c.WECHAT_APP_SECRET,
    });
  }
  return client;
}
