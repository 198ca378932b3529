import { describe, expect, it } from 'vitest';
import {
  computeCheckDigit,
  idNumberSchema,
  makeIdNumber,
  maskIdNumber,
  normalizeIdNumber,
  validateIdNumber,
} from '../src/domain/id-number';

const NOW = new Date('2024-06-15T04:00:00Z'); // 2024-06-15 12:00 Shanghai

describe('computeCheckDigit', () => {
  it('matches the GB 11643-1999 published examples', () => {
    expect(computeCheckDigit('11010519491231002')).toBe('X');
    expect(computeCheckDigit('44052418800101001')).toBe('4');
  });

  it('can yield every symbol of the map', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 1000 && seen.size < 11; seq++) {
      seen.add(computeCheckDigit(`37050219900101${String(seq).padStart(3, '0')}`));
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100X', ''])('throws on %j', (body) => {
    expect(() => computeCheckDigit(body)).toThrow(RangeError);
  });
});

describe('makeIdNumber', () => {
  it('appends the right check digit', () => {
    expect(makeIdNumber('110105', '1949-12-31', '002')).toBe('11010519491231002X');
    expect(makeIdNumber('440524', '1880-01-01', '001')).toBe('440524188001010014');
  });

  it('builds numbers that validate', () => {
    const id = makeIdNumber('370502', '1985-07-09', '123');
    expect(id).toHaveLength(18);
    expect(validateIdNumber(id, NOW)).toEqual({
      ok: true,
      birthDate: '1985-07-09',
      regionCode: '370502',
      sex: 'male',
    });
  });

  it.each([
    ['37050', '1985-07-09', '123'],
    ['370502', '19850709', '123'],
    ['370502', '1985-07-09', '12'],
    ['37050a', '1985-07-09', '123'],
  ])('throws on malformed parts %s %s %s', (region, birth, seq) => {
    expect(() => makeIdNumber(region, birth, seq)).toThrow(RangeError);
  });
});

describe('validateIdNumber', () => {
  it('accepts the published example 11010519491231002X', () => {
    expect(validateIdNumber('11010519491231002X', NOW)).toEqual({
      ok: true,
      birthDate: '1949-12-31',
      regionCode: '110105',
      sex: 'female',
    });
  });

  it('reads the sex from the 17th digit', () => {
    expect(validateIdNumber(makeIdNumber('370502', '1990-01-01', '001'), NOW)).toMatchObject({ sex: 'male' });
    expect(validateIdNumber(makeIdNumber('370502', '1990-01-01', '002'), NOW)).toMatchObject({
      sex: 'female',
    });
    expect(validateIdNumber(makeIdNumber('370502', '1990-01-01', '999'), NOW)).toMatchObject({ sex: 'male' });
  });

  it.each(['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82'])(
    'accepts province %s',
    (province) => {
      const id = makeIdNumber(`${province}0101`, '2000-02-29', '010');
      expect(validateIdNumber(id, NOW).ok).toBe(true);
    },
  );

  it.each([
    '00',
    '10',
    '16',
    '20',
    '24',
    '30',
    '38',
    '40',
    '47',
    '49',
    '55',
    '60',
    '66',
    '70',
    '72',
    '80',
    '83',
    '91',
    '99',
  ])('rejects province %s with REGION', (province) => {
    const id = makeIdNumber(`${province}0101`, '1990-01-01', '010');
    expect(validateIdNumber(id, NOW)).toEqual({ ok: false, reason: 'REGION' });
  });

  it.each([
    ['11010519491231002x', 'lower-case x'],
    ['１１０１０５１９４９１２３１００２Ｘ', 'full-width'],
    [' 11010519491231002X', 'leading space'],
    ['1101051949123100', '16 digits'],
    ['11010519491231002XX', '19 characters'],
    ['110105194912310X2X', 'X inside'],
    ['110105491231002', 'legacy 15-digit number'],
    ['', 'empty'],
  ])('rejects %j (%s) with FORMAT until normalized', (id) => {
    expect(validateIdNumber(id, NOW)).toEqual({ ok: false, reason: 'FORMAT' });
  });

  it('rejects a wrong check digit', () => {
    expect(validateIdNumber('110105194912310021', NOW)).toEqual({ ok: false, reason: 'CHECK_DIGIT' });
    expect(validateIdNumber('370502199001011234', NOW)).toEqual({ ok: false, reason: 'CHECK_DIGIT' });
    const good = makeIdNumber('370502', '1990-01-01', '123');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(validateIdNumber(wrong, NOW)).toEqual({ ok: false, reason: 'CHECK_DIGIT' });
  });

  it('detects a single changed digit or swapped neighbours', () => {
    const good = makeIdNumber('370502', '1990-05-17', '123');
    const changed = `${good.slice(0, 14)}${good[14] === '9' ? '8' : '9'}${good.slice(15)}`;
    expect(validateIdNumber(changed, NOW)).toEqual({ ok: false, reason: 'CHECK_DIGIT' });
    const swapped = `${good.slice(0, 14)}${good[15]}${good[14]}${good.slice(16)}`;
    expect(swapped).not.toBe(good);
    expect(validateIdNumber(swapped, NOW)).toEqual({ ok: false, reason: 'CHECK_DIGIT' });
  });

  it.each([
    ['2023-02-29', 'Feb 29 in a non-leap year'],
    ['1900-02-29', 'Feb 29 in a century non-leap year'],
    ['1990-02-30', 'Feb 30'],
    ['1990-04-31', 'Apr 31'],
    ['1990-13-01', 'month 13'],
    ['1990-00-10', 'month 0'],
    ['1990-01-00', 'day 0'],
    ['1899-12-31', 'before 1900'],
    ['1880-01-01', 'the 1880 published example'],
    ['2024-06-16', 'tomorrow in Shanghai'],
    ['2030-01-01', 'far future'],
  ])('rejects birth date %s (%s) with BIRTH_DATE', (birth) => {
    const id = makeIdNumber('370502', birth, '001');
    expect(validateIdNumber(id, NOW)).toEqual({ ok: false, reason: 'BIRTH_DATE' });
  });

  it('accepts the bounds 1900-01-01, Feb 29 of a leap year and today', () => {
    for (const birth of ['1900-01-01', '2000-02-29', '2024-02-29', '2024-06-15']) {
      expect(validateIdNumber(makeIdNumber('370502', birth, '001'), NOW)).toMatchObject({
        ok: true,
        birthDate: birth,
      });
    }
  });

  it('takes today in Shanghai, not in UTC', () => {
    const id = makeIdNumber('370502', '2024-06-16', '001');
    expect(validateIdNumber(id, new Date('2024-06-15T15:59:59Z')).ok).toBe(false);
    expect(validateIdNumber(id, new Date('2024-06-15T16:00:00Z')).ok).toBe(true);
  });

  it('defaults now to the current time', () => {
    expect(validateIdNumber('11010519491231002X').ok).toBe(true);
    expect(validateIdNumber(makeIdNumber('370502', '2999-01-01', '001'))).toEqual({
      ok: false,
      reason: 'BIRTH_DATE',
    });
  });
});

describe('normalizeIdNumber', () => {
  it('upper-cases x', () => {
    expect(normalizeIdNumber('11010519491231002x')).toBe('11010519491231002X');
  });

  it('converts full-width digits and X', () => {
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
  });

  it('removes spaces anywhere, including ideographic spaces', () => {
    expect(normalizeIdNumber('  110105 19491231 002x \n')).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105\u300019491231\t002X')).toBe('11010519491231002X');
  });

  it('leaves other characters for validation to reject', () => {
    expect(normalizeIdNumber('110105-19491231-002X')).toBe('110105-19491231-002X');
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4', () => {
    expect(maskIdNumber('370502199001011234')).toBe('370502********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('normalizes before masking', () => {
    expect(maskIdNumber('11010519491231002x ')).toBe('110105********002X');
  });

  it('hides everything when the input is not 18 characters', () => {
    expect(maskIdNumber('110105491231002')).toBe('***************');
    expect(maskIdNumber('1234')).toBe('****');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('idNumberSchema', () => {
  it('normalizes and accepts valid numbers', () => {
    expect(idNumberSchema.parse('11010519491231002X')).toBe('11010519491231002X');
    expect(idNumberSchema.parse(' 11010519491231002x')).toBe('11010519491231002X');
    expect(idNumberSchema.parse('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
  });

  it.each([
    ['110105194912310021', 'CHECK_DIGIT'],
    ['1101051949123100', 'FORMAT'],
    [makeIdNumber('990105', '1990-01-01', '001'), 'REGION'],
    [makeIdNumber('370502', '2023-02-29', '001'), 'BIRTH_DATE'],
  ])('rejects %s with ID_NUMBER_INVALID (%s)', (id, reason) => {
    const result = idNumberSchema.safeParse(id);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    const issue = result.error?.issues[0];
    expect(issue?.message).toBe('ID_NUMBER_INVALID');
    expect(issue?.code === 'custom' ? issue.params : undefined).toEqual({ reason });
  });

  it('rejects non-strings with ID_NUMBER_INVALID', () => {
    expect(idNumberSchema.safeParse(11010519491231002).error?.issues[0]?.message).toBe('ID_NUMBER_INVALID');
    expect(idNumberSchema.safeParse(undefined).error?.issues[0]?.message).toBe('ID_NUMBER_INVALID');
  });
});
