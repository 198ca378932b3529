import { PRIVACY_NOTICE } from '@grid/shared';
import { readStored, removeStored, STORAGE_KEYS, writeStored } from './storage';

/** Which user accepted which notice version on this phone, so the gate asks once per version. */
interface Remembered {
  userId: string;
  version: string;
}

export function acceptedOnThisPhone(userId: string): boolean {
  const remembered = readStored<Remembered>(STORAGE_KEYS.privacyConsent);
  return remembered?.userId === userId && remembered.version === PRIVACY_NOTICE.version;
}

export function rememberAccepted(userId: string): void {
  writeStored(STORAGE_KEYS.privacyConsent, { userId, version: PRIVACY_NOTICE.version } satisfies Remembered);
}

/** After a withdrawal: the next report shows the notice again (the server refuses reports until then). */
export function forgetAccepted(): void {
  removeStored(STORAGE_KEYS.privacyConsent);
}
