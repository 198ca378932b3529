/** Consent to the privacy notice: recorded per resident, required before the first report. */
import { type Me, PRIVACY_NOTICE, type PrivacyConsentState } from '@grid/shared';
import type { Principal } from '../auth/tokens';
import { getPrivacyConsent, recordPrivacyConsent } from '../data/privacy-consent';
import { getUser, type PrivacyConsentRecord } from '../data/users';
import { AppError } from '../errors';
import { toUser } from './sessions';

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
 * A resident reports only after accepting the current notice. Staff reporting for a household
 * (a door visit, a phone call) are not asked: the household's consent is not theirs to give.
 */
export async function assertPrivacyConsent(principal: Principal): Promise<void> {
  if (principal.role !== 'resident') return;
  if (consentedHere.has(principal.userId)) return;
  const consent = await getPrivacyConsent(principal.userId);
  if (consent?.version !== PRIVACY_NOTICE.version) {
    throw new AppError('CONSENT_REQUIRED', { currentVersion: PRIVACY_NOTICE.version });
  }
  rememberConsent(principal.userId);
}

/**
 * Users this container has seen consent to the current notice. Consent to a version is never
 * taken back (there is no withdrawal route; a new notice is a new version, i.e. a new deploy and
 * new containers), so a yes can be remembered: a resident's second check-in costs no read.
 * Bounded: the oldest entry goes first.
 */
const consentedHere = new Set<string>();
const MAX_REMEMBERED = 10_000;

function rememberConsent(userId: string): void {
  if (consentedHere.size >= MAX_REMEMBERED) {
    const oldest = consentedHere.values().next().value;
    if (oldest !== undefined) consentedHere.delete(oldest);
  }
  consentedHere.add(userId);
}
