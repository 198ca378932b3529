/**
 * Minting ids: every plain id is a ULID taken at the request's clock (`now`), so ids sort by the
 * time the use case saw, tests with a fixed clock included. Formats: shared/src/domain/ids.ts.
 */
import { ulid } from 'ulid';

export function newId(now: Date): string {
  return ulid(now.getTime());
}
