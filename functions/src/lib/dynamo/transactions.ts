import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * Which items of a cancelled transaction failed their condition, by position; null when the
 * error is not a condition failure (it is then rethrown by the caller).
 */
export function failedConditions(err: unknown): boolean[] | null {
  if (!(err instanceof TransactionCanceledException)) return null;
  const reasons = err.CancellationReasons ?? [];
  if (!reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return null;
  return reasons.map((r) => r.Code === 'ConditionalCheckFailed');
}
