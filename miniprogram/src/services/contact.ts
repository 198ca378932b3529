import Taro from '@tarojs/taro';
import { zh } from '../i18n/zh';
import { getPersonContact } from './api';
import { describeError } from './http';

/** One-tap call: the full number is fetched only now. Answers a problem to show, or null. */
export async function callPerson(personId: string): Promise<string | null> {
  try {
    const contact = await getPersonContact(personId);
    if (!contact.phone) return zh.pending.noPhone;
    await Taro.makePhoneCall({ phoneNumber: contact.phone });
    return null;
  } catch (error) {
    return describeError(error);
  }
}

export async function callNumber(phone: string | null | undefined): Promise<string | null> {
  if (!phone) return zh.pending.noPhone;
  try {
    await Taro.makePhoneCall({ phoneNumber: phone });
    return null;
  } catch (error) {
    return describeError(error);
  }
}
