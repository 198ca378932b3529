/**
 * A failed WeChat call, classified by whose fault it is:
 * - CODE_INVALID: the login code from wx.login() is wrong, used or refused (user must log in again).
 * - PHONE_CODE_INVALID: the code from the phone-number button is wrong or expired.
 * - UNAVAILABLE: WeChat is down, rate-limited, or we are misconfigured; retrying later may help.
 * Messages never contain the user's code or our app secret.
 */
export type WeChatErrorKind = 'CODE_INVALID' | 'UNAVAILABLE' | 'PHONE_CODE_INVALID';

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
