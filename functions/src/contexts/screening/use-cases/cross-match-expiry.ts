/**
 * Uploads in parts that were never started expire: after UPLOAD_EXPIRY_HOURS an import still
 * `uploading` becomes `failed` (IMPORT_UPLOAD_EXPIRED) and its parts — sealed personal data that
 * will never be processed — are deleted. A late part or start then answers 409 IMPORT_NOT_UPLOADING.
 */
import { listUploadingBefore, transitionImport } from '../entities/import';
import { deleteUploadParts, listUploadParts } from '../entities/upload-part';

export const UPLOAD_EXPIRY_HOURS = 24;
/** Imports expired per run; the next run (hourly) takes the rest. */
const MAX_PER_RUN = 100;

export async function expireUploads(now: Date): Promise<{ expired: number }> {
  const cutoff = new Date(now.getTime() - UPLOAD_EXPIRY_HOURS * 3_600_000).toISOString();
  let expired = 0;
  for (const importId of await listUploadingBefore(cutoff, MAX_PER_RUN)) {
    const parts = await listUploadParts(importId);
    const moved = await transitionImport(
      importId,
      'uploading',
      {
        status: 'failed',
        failure: { code: 'IMPORT_UPLOAD_EXPIRED', details: { hours: UPLOAD_EXPIRY_HOURS } },
        completedAt: now.toISOString(),
        progressAt: now.toISOString(),
      },
      { finished: true },
    );
    // Started meanwhile (the index lags the item): nothing to expire.
    if (!moved) continue;
    await deleteUploadParts(importId, parts);
    expired++;
  }
  return { expired };
}
