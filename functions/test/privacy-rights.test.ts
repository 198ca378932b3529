import { correctionParamsSchema, PRIVACY_NOTICE, unmaskRequestSchema } from '@grid/shared';
import { describe, expect, it } from 'vitest';
import { correctionId, parseCorrectionId } from '../src/contexts/privacy/entities/correction';
import { consentState } from '../src/contexts/privacy/use-cases/privacy-consent';

describe('consent state', () => {
  it('is up to date only for the current version', () => {
    expect(consentState(null)).toEqual({
      currentVersion: PRIVACY_NOTICE.version,
      acceptedVersion: null,
      acceptedAt: null,
      upToDate: false,
    });
    const at = '2026-11-02T01:00:00.000Z';
    expect(consentState({ version: PRIVACY_NOTICE.version, acceptedAt: at })).toMatchObject({
      acceptedAt: at,
      upToDate: true,
    });
    expect(consentState({ version: '2025-01-01', acceptedAt: at })).toMatchObject({
      acceptedVersion: '2025-01-01',
      upToDate: false,
    });
  });
});

describe('correction ids', () => {
  const householdId = '01M8H7QZWW1B01BS1FAWHG1XAT';
  const seq = '01M8H7R0000000000000000000';

  it('name their household and request, and pass the route schema', () => {
    const id = correctionId(householdId, seq);
    expect(parseCorrectionId(id)).toEqual({ householdId, seq });
    expect(correctionParamsSchema.safeParse({ correctionId: id }).success).toBe(true);
  });

  it('refuse what does not name a request', () => {
    for (const bad of [`C.${householdId}`, `S.${householdId}.${seq}`, `C.${householdId}.${seq}.x`, 'C..']) {
      expect(correctionParamsSchema.safeParse({ correctionId: bad }).success).toBe(false);
    }
  });
});

describe('unmask reasons', () => {
  it('count characters after trimming: 10 to 200', () => {
    const ok = (reason: string) => unmaskRequestSchema.safeParse({ reason, purpose: 'other' }).success;
    expect(ok('流调需要核对身份证号')).toBe(true);
    expect(ok('  流调需要核对身份  ')).toBe(false);
    expect(ok('因'.repeat(200))).toBe(true);
    expect(ok('因'.repeat(201))).toBe(false);
    const refused = unmaskRequestSchema.safeParse({ reason: '看看', purpose: 'other' });
    expect(refused.error?.issues[0]?.message).toBe('UNMASK_REASON_INVALID');
  });
});
