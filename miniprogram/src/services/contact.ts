import Taro from '@tarojs/taro';
import { zh } from '../i18n/zh';
import { describeError } from './http';

/**
 * h5: dial through a `tel:` link opened beside the app (target _blank), never in the app's own
 * window. Taro's h5 makePhoneCall sets `location.href = 'tel:…'`; after that same-window navigation
 * Chromium ignores the page's own history.go(-1), so every later ‹ 返回 (Taro.navigateBack) did
 * nothing. A hidden iframe does not help either (it adds a history entry or breaks back the same way).
 * A phone's browser hands the link to its dialler exactly as before.
 */
function dialInH5(phone: string): void {
  const link = document.createElement('a');
  link.href = `tel:${phone}`;
  link.target = '_blank';
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** One-tap call of a number already at hand. Answers a problem to show, or null. */
export async function callNumber(phone: string | null | undefined): Promise<string | null> {
  if (!phone) return zh.pending.noPhone;
  try {
    if (process.env.TARO_ENV === 'h5') dialInH5(phone);
    else await Taro.makePhoneCall({ phoneNumber: phone });
    return null;
  } catch (error) {
    return describeError(error);
  }
}
