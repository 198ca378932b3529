/** Consent to the privacy notice: recorded per resident, required before the first report. */
import { type Me, PRIVACY_NOTICE, type PrivacyConsentState } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { getUser, type PrivacyConsentRecord } from '../../identity/entities/users';
import { toUser } from '../../identity/use-cases/sessions';
import { getPrivacyConsent, recordPrivacyConsent, withdrawPrivacyConsent } from '../entities/privacy-consent';

export function consentState(consent: PrivacyConsentRecord | null | undefined): PrivacyConsentState {
  return {
    currentVersion: PRIVACY_NOTICE.version,
    acceptedVersion: consent?.version ?? null,
    acceptedAt: consent?.acceptedAt ?? null,
    upToDate: consent?.version === PRIVACY_NOTICE.version,
  };
}

/** GET /v1/me: the signed-in user and its consent state. */
export async function describeMe(principal: Principal): Promise<Me> {
  const user = await getUser(principal.userId);
  if (!user) throw new AppError('TOKEN_INVALID');
  return { ...toUser(user), privacyConsent: consentState(user.privacyConsent) };
}

/** Accepting the current notice; accepting it again is a no-op that answers the first acceptance. */
export async function acceptPrivacyNotice(
  principal: Principal,
  version: string,
  now: Date,
): Promise<PrivacyConsentState> {
  if (version !== PRIVACY_NOTICE.version) {
    throw new AppError('PRIVACY_NOTICE_OUTDATED', { currentVersion: PRIVACY_NOTICE.version });
  }
  const consent = { version, acceptedAt: now.toISOString() };
  const result = await recordPrivacyConsent(principal.userId, consent);
  if (result.recorded) return consentState(consent);
  if (result.existing === undefined) throw new AppError('TOKEN_INVALID');
  return consentState(result.existing);
}

/**
 * Withdrawing consent: reports need the notice accepted again (within CONSENT_MEMO_MS everywhere).
 * What was stored stays under the retention rules (docs/architecture.md, "Residents' rights").
 * Withdrawing without consent changes nothing but the history.
 */
export async function withdrawPrivacyNotice(principal: Principal, now: Date): Promise<PrivacyConsentState> {
  if (!(await withdrawPrivacyConsent(principal.userId, now.toISOString())))
    throw new AppError('TOKEN_INVALID');
  consentedHere.delete(principal.userId);
  return consentState(null);
}

/**
 * A resident reports only after accepting the current notice. Staff reporting for a household
 * (a door visit, a phone call) are not asked: the household's consent is not theirs to give.
 */
export async function assertPrivacyConsent(principal: Principal): Promise<void> {
  if (principal.role !== 'resident') return;
  const seen = consentedHere.get(principal.userId);
  if (seen !== undefined && Date.now() - seen < CONSENT_MEMO_MS) return;
  const consent = await getPrivacyConsent(principal.userId);
  if (consent?.version !== PRIVACY_NOTICE.version) {
    consentedHere.delete(principal.userId);
    throw new AppError('CONSENT_REQUIRED', { currentVersion: PRIVACY_NOTICE.version });
  }
  rememberConsent(principal.userId);
}

/**
 * Users this container saw consent to the current notice, and when it read that. Consent can be
 * withdrawn in another container, so a yes is remembered for 30 s only: a resident's check-ins
 * within that time cost no read, and a withdrawal holds everywhere within 30 s.
 * Bounded: the oldest entry goes first.
 */
const CONSENT_MEMO_MS = 30_000;
const consentedHere = new Map<string, number>();
const MAX_REMEMBERED = 10_000;

function rememberConsent(userId: string): void {
  consentedHere.delete(userId);
  if (consentedHere.size >= MAX_REMEMBERED) {
    const oldest = consentedHere.keys().next().value;
    if (oldest !== undefined) consentedHere.delete(oldest);
  }
  consentedHere.set(userId, Date.now());
}
