/**
 * Every id format of the platform, defined once: how an id is made, read back and validated.
 * Plain ids are ULIDs (sortable by creation time, 26 Crockford base-32 characters). Composite ids
 * name the item they point to: `S.<householdId>.<ulid>` (supply request), `C.<householdId>.<ulid>`
 * (correction request), `R.<importId>.<rowNumber>` (registration task of a cross-match row).
 * Minting a ULID is the backend's (functions/src/lib/ids.ts `newId`); this module only shapes ids.
 */
import * as z from 'zod';

/** The text of one ULID, for building patterns. */
export const ULID_PATTERN = '[0-9A-HJKMNP-TV-Z]{26}';
const ULID = new RegExp(`^${ULID_PATTERN}$`);

export const isUlid = (id: string): boolean => ULID.test(id);

/** An id of `<prefix>.<householdId>.<ulid>`: an item in a household's partition, found by its id alone. */
function householdScopedId(prefix: string) {
  const pattern = new RegExp(`^${prefix}\\.${ULID_PATTERN}\\.${ULID_PATTERN}$`);
  return {
    make: (householdId: string, seq: string): string => `${prefix}.${householdId}.${seq}`,
    /** The household and sequence it names; empty strings for an id of another shape (schemas refuse those first). */
    parse: (id: string): { householdId: string; seq: string } => {
      const [, householdId = '', seq = ''] = id.split('.');
      return { householdId, seq };
    },
    schema: z.string().regex(pattern, 'ID_INVALID'),
  };
}

/** Supply requests: `S.<householdId>.<ulid>`. */
export const supplyRequestIds = householdScopedId('S');

/** Correction requests (privacy rights): `C.<householdId>.<ulid>`. */
export const correctionIds = householdScopedId('C');

/** Registration tasks, one per cross-match row routed to a region: `R.<importId>.<rowNumber>`. */
export const registrationTaskIds = {
  make: (importId: string, rowNumber: number): string => `R.${importId}.${rowNumber}`,
  parse: (id: string): { importId: string; rowNumber: number } => {
    const [, importId = '', row = '0'] = id.split('.');
    return { importId, rowNumber: Number(row) };
  },
  schema: z.string().regex(new RegExp(`^R\\.${ULID_PATTERN}\\.\\d{1,7}$`), 'ID_INVALID'),
};
