/** What a checkpoint verifies with: the pass keys and the revocation list. */
import type { PassKeys, PassRevocationPage } from '@grid/shared';
import { passKeySchema } from '@grid/shared/pass';
import * as z from 'zod';
import { config } from '../../../lib/config';
import { passSigner } from '../adapters/signer';
import { listRevocations } from '../entities/passes';

/** A revocation written just before a read may commit just after it: the next `since` overlaps by this much. */
const OVERLAP_MS = 60_000;
/** Without `since`, the list starts here: no pass lives longer, so nothing older matters. */
const LOOKBACK_MS = 25 * 3600 * 1000;

/**
 * The current key and the retired keys still within a pass's life (PASS_RETIRED_KEYS: JSON list of
 * {kid, publicKey, notAfter}), so passes signed before a rotation verify until they expire.
 */
export async function listPassKeys(): Promise<PassKeys> {
  const signer = await passSigner();
  const retired = z.array(passKeySchema).parse(JSON.parse(config().PASS_RETIRED_KEYS));
  return {
    keys: [
      { kid: signer.kid, publicKey: signer.publicKeyHex },
      ...retired.filter((k) => k.kid !== signer.kid),
    ],
  };
}

export async function listPassRevocations(
  query: { since?: string | undefined; cursor?: string | undefined; limit: number },
  now: Date,
): Promise<PassRevocationPage> {
  const since = new Date(query.since ?? now.getTime() - LOOKBACK_MS).toISOString();
  const page = await listRevocations({ since, limit: query.limit, cursor: query.cursor });
  return { ...page, asOf: new Date(now.getTime() - OVERLAP_MS).toISOString() };
}
