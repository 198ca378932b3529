import Taro from '@tarojs/taro';
import { zh } from '../i18n/zh';
import { describeError } from './http';

/** One-tap call of a number already at hand. Answers a problem to show, or null. */
export async function callNumber(phone: string | null | undefined): Promise<string | null> {
  if (!phone) return zh.pending.noPhone;
  try {
    await Taro.makePhoneCall({ phoneNumber: phone });
    return null;
  } catch (error) {
    return describeError(error);
  }
}
