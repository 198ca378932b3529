/** The printed pass: a gridworker prints it for a resident without a smartphone. */
import { PDF_CONTENT_TYPE } from '@grid/shared';
import { loadPersonInScope } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import type { HttpFile } from '../../../lib/middleware/http-handler';
import { passFor } from './issue-pass';

export async function printPersonPass(principal: Principal, personId: string, now: Date): Promise<HttpFile> {
  const pass = await passFor(await loadPersonInScope(principal, personId), now);
  // Loaded on the first print only: the other pass routes share this function and never need pdf-lib.
  const { renderPassPdf } = await import('../adapters/pass-pdf');
  return {
    contentType: PDF_CONTENT_TYPE,
    filename: `通行证-${pass.passId.slice(0, 8)}.pdf`,
    data: Buffer.from(await renderPassPdf(pass)),
  };
}
