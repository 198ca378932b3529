import { describe, expect, it } from 'vitest';
import {
  correctionIds,
  isUlid,
  registrationTaskIds,
  supplyRequestIds,
  ULID_PATTERN,
} from '../src/domain/ids';

const HOUSEHOLD = '01KB4Z8Q5M3N2P1R0S9T8V7W6X';
const SEQ = '01KB4Z9A1B2C3D4E5F6G7H8J9K';

describe('id formats', () => {
  it('know a ULID', () => {
    expect(isUlid(HOUSEHOLD)).toBe(true);
    expect(isUlid(HOUSEHOLD.toLowerCase())).toBe(false);
    expect(isUlid(`${HOUSEHOLD}0`)).toBe(false);
    expect(isUlid('01KB4Z8Q5M3N2P1R0S9T8V7W6I')).toBe(false); // I is not Crockford base 32
    expect(ULID_PATTERN).toBe('[0-9A-HJKMNP-TV-Z]{26}');
  });

  it('make, read back and validate household-scoped ids (supply requests, corrections)', () => {
    for (const [ids, prefix] of [
      [supplyRequestIds, 'S'],
      [correctionIds, 'C'],
    ] as const) {
      const id = ids.make(HOUSEHOLD, SEQ);
      expect(id).toBe(`${prefix}.${HOUSEHOLD}.${SEQ}`);
      expect(ids.parse(id)).toEqual({ householdId: HOUSEHOLD, seq: SEQ });
      expect(ids.schema.safeParse(id).success).toBe(true);
      const wrong = ids.schema.safeParse(`X.${HOUSEHOLD}.${SEQ}`);
      expect(wrong.success).toBe(false);
      expect(wrong.error?.issues[0]?.message).toBe('ID_INVALID');
      expect(ids.schema.safeParse(`${prefix}.${HOUSEHOLD}`).success).toBe(false);
    }
    expect(supplyRequestIds.schema.safeParse(correctionIds.make(HOUSEHOLD, SEQ)).success).toBe(false);
  });

  it('make, read back and validate registration task ids', () => {
    const id = registrationTaskIds.make(SEQ, 1234);
    expect(id).toBe(`R.${SEQ}.1234`);
    expect(registrationTaskIds.parse(id)).toEqual({ importId: SEQ, rowNumber: 1234 });
    expect(registrationTaskIds.schema.safeParse(id).success).toBe(true);
    expect(registrationTaskIds.schema.safeParse(`R.${SEQ}.12345678`).success).toBe(false);
    expect(registrationTaskIds.schema.safeParse(`R.${SEQ}.x`).success).toBe(false);
  });
});
