import type { PassRevocation } from '@grid/shared';
import { type PassKey, type PassVerdict, verifyPass } from '@grid/shared/pass';
import { getPassKeys, getPassRevocations } from './api-passes';
import { NetworkError } from './http';
import { createSignal, readStored, writeStored } from './storage';

/**
 * What a checkpoint verifies passes with when it has no signal: the public keys and the revocation
 * list, fetched whenever there is signal and kept on the phone. Revocations are kept until the pass
 * they name would have expired anyway (24 h), so the list stays small.
 */
export interface PassTrust {
  keys: PassKey[];
  revocations: PassRevocation[];
  /** The next `since` for GET /v1/pass-revocations (the server's asOf of the last full read). */
  since: string | null;
  /** When both were last fetched in full; null: never (no pass can be verified yet). */
  syncedAt: string | null;
}

const STORAGE_KEY = 'passTrust';
const EMPTY: PassTrust = { keys: [], revocations: [], since: null, syncedAt: null };
/** A bound on the pages read in one refresh (200 each): a long-offline phone catches up over a few. */
const MAX_PAGES = 20;

export const passTrustSignal = createSignal();

export function passTrust(): PassTrust {
  return readStored<PassTrust>(STORAGE_KEY) ?? EMPTY;
}

function save(trust: PassTrust): void {
  writeStored(STORAGE_KEY, trust);
  passTrustSignal.emit();
}

/**
 * Fetches the keys and the revocations since the last refresh. Offline it keeps what is stored and
 * answers false; other errors are thrown. Each page is stored as it arrives, so an interrupted
 * refresh keeps what it read.
 */
export async function refreshPassTrust(now = new Date()): Promise<boolean> {
  try {
    const { keys } = await getPassKeys();
    let trust: PassTrust = { ...passTrust(), keys };
    save(trust);
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await getPassRevocations(trust.since ?? undefined, cursor);
      const known = new Set(trust.revocations.map((r) => r.passId));
      const fresh = answer.items.filter((r) => !known.has(r.passId));
      const live = [...trust.revocations, ...fresh].filter((r) => Date.parse(r.expiresAt) > now.getTime());
      const done = answer.nextCursor === null;
      trust = {
        keys,
        revocations: live,
        since: done ? answer.asOf : trust.since,
        syncedAt: done ? now.toISOString() : trust.syncedAt,
      };
      save(trust);
      if (done) return true;
      cursor = answer.nextCursor ?? undefined;
    }
    return true;
  } catch (error) {
    if (error instanceof NetworkError) return false;
    throw error;
  }
}

/** Verifies a scanned pass against the stored keys and revocations: no network needed. */
export function verifyScannedPass(text: string, now = new Date(), villageCode?: string): PassVerdict {
  const trust = passTrust();
  return verifyPass(text, {
    keys: trust.keys,
    revoked: new Set(trust.revocations.map((r) => r.passId)),
    now,
    ...(villageCode === undefined ? {} : { villageCode }),
  });
}
