import { submissionParamsSchema } from '@grid/shared';
import { describe, expect, it } from 'vitest';
import {
  parseSubmissionId,
  type SubmissionRef,
  submissionId,
} from '../src/contexts/reporting/entities/submissions';

const personId = '01M8H7QZWW1B01BS1FAWHG1XAT';

describe('submission ids', () => {
  const refs: SubmissionRef[] = [
    { type: 'health', personId, date: '2026-11-28', slot: 'morning' },
    { type: 'health', personId, date: '2026-01-02', slot: 'evening' },
    { type: 'travel', personId, idempotencyKey: 'abc_DEF-123456' },
  ];

  it.each(refs)('round-trips %o and passes the route schema', (ref) => {
    const id = submissionId(ref);
    expect(parseSubmissionId(id)).toEqual(ref);
    expect(submissionParamsSchema.safeParse({ submissionId: id }).success).toBe(true);
  });

  it('refuses ids that do not name a submission', () => {
    for (const bad of [
      'H.x.20261128.m',
      `H.${personId}.2026112.m`,
      `T.${personId}.short`,
      `X.${personId}.20261128.m`,
    ]) {
      expect(submissionParamsSchema.safeParse({ submissionId: bad }).success).toBe(false);
    }
  });
});
