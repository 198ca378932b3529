import * as z from 'zod';

const FULL_WIDTH_ZERO = 0xff10;
const MAINLAND_MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export function normalizePhone(raw: string): string {
  const compact = raw
    .replace(/[\uFF10-\uFF19]/g, (ch) => String(ch.charCodeAt(0) - FULL_WIDTH_ZERO))
    .replace(/\uFF0B/g, '+')
    .replace(/[\s\-\u2010-\u2015\uFF0D]+/g, '');
  const withoutCountryCode = /^(?:\+86|0086|86)(\d{11})$/.exec(compact);
  return withoutCountryCode ? withoutCountryCode[1]! : compact;
}

export function isMainlandMobile(p: string): boolean {
  return MAINLAND_MOBILE_PATTERN.test(p);
}

// Anything that is not an 11-digit number is masked entirely, so nothing partial leaks.
export function maskPhone(p: string): string {
  const normalized = normalizePhone(p);
  if (!/^\d{11}$/.test(normalized)) return '*'.repeat(normalized.length);
  return `${normalized.slice(0, 3)}****${normalized.slice(7)}`;
}

export const phoneSchema = z
  .string({ error: 'PHONE_INVALID' })
  .overwrite(normalizePhone)
  .refine(isMainlandMobile, { message: 'PHONE_INVALID' });
