import { describe, expect, it } from 'vitest';
import { isMainlandMobile, maskPhone, normalizePhone, phoneSchema } from '../src/domain/phone';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    [' 138 0013 8000 ', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-138-0013-8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['＋８６　１３８００１３８０００', '13800138000'],
    ['138－0013－8000', '13800138000'],
  ])('%j → %s', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it('keeps a country-code-like prefix that is not followed by exactly 11 digits', () => {
    expect(normalizePhone('+861380013800')).toBe('+861380013800');
    expect(normalizePhone('86138001380001')).toBe('86138001380001');
    expect(normalizePhone('+85291234567')).toBe('+85291234567');
  });

  it('does not strip 86 from an 11-digit number', () => {
    expect(normalizePhone('86138001380')).toBe('86138001380');
  });
});

describe('isMainlandMobile', () => {
  it.each([
    '13800138000',
    '14700000000',
    '15912345678',
    '16612345678',
    '17712345678',
    '18612345678',
    '19912345678',
  ])('accepts %s', (p) => {
    expect(isMainlandMobile(p)).toBe(true);
  });

  it.each([
    '12800138000',
    '10800138000',
    '23800138000',
    '1380013800',
    '138001380000',
    '+8613800138000',
    '138 0013 8000',
    '1380013800a',
    '05461234567',
    '',
  ])('rejects %j', (p) => {
    expect(isMainlandMobile(p)).toBe(false);
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('normalizes first', () => {
    expect(maskPhone('+86 138 1234 5678')).toBe('138****5678');
  });

  it('hides everything when the input is not 11 digits', () => {
    expect(maskPhone('1381234567')).toBe('**********');
    expect(maskPhone('+85291234567')).toBe('************');
    expect(maskPhone('')).toBe('');
  });
});

describe('phoneSchema', () => {
  it('normalizes and accepts mainland mobiles', () => {
    expect(phoneSchema.parse('13800138000')).toBe('13800138000');
    expect(phoneSchema.parse('+86 138-0013-8000')).toBe('13800138000');
    expect(phoneSchema.parse('0086１３８００１３８０００')).toBe('13800138000');
  });

  it.each(['12800138000', '1380013800', '+85291234567', '', 13800138000, null])(
    'rejects %j with PHONE_INVALID',
    (input) => {
      const result = phoneSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
      expect(result.error?.issues[0]?.message).toBe('PHONE_INVALID');
    },
  );
});
