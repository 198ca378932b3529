/**
 * A failed WeChat call, classified by whose fault it is:
 * - CODE_INVALID: the login code from wx.login() is wrong, used or refused (user must log in again).
 * - PHONE_CODE_INVALID: the code from the phone-number button is wrong or expired.
 * - NOT_SUBSCRIBED: the user has no subscribe-message grant for the template.
 * - UNAVAILABLE: WeChat is down, rate-limited, or we are misconfigured; retrying later may help.
 * Messages never contain the user's code or our app secret.
 */
export type WeChatErrorKind = 'CODE_INVALID' | 'UNAVAILABLE' | 'PHONE_CODE_INVALID' | 'NOT_SUBSCRIBED';

export class WeChatError extends Error {
  override readonly name = 'WeChatError';

  constructor(
    readonly kind: WeChatErrorKind,
    readonly wechatErrcode: number | null,
    message: string,
  ) {
    super(message);
  }
}
