import type { PassList } from '@grid/shared';
import { getMyPasses } from '../../services/api-passes';
import { NetworkError } from '../../services/http';
import { currentSession } from '../../services/session';
import { readStored, writeStored } from '../../services/storage';

interface StoredPasses {
  userId: string;
  savedAt: string;
  data: PassList;
}

export interface LoadedPasses {
  passes: PassList['passes'];
  /** Set when there was no signal: when the shown passes were fetched. */
  offlineSince: string | null;
}

const KEY = 'cache:passes';

/**
 * The household's passes from the API, or offline the last ones fetched by the same user: a pass is
 * signed, so the stored copy is as good as new until it expires (PassCard hides an expired one's QR).
 */
export async function loadPasses(): Promise<LoadedPasses> {
  const userId = currentSession()?.user.userId ?? '';
  try {
    const data = await getMyPasses();
    writeStored(KEY, { userId, savedAt: new Date().toISOString(), data } satisfies StoredPasses);
    return { passes: data.passes, offlineSince: null };
  } catch (error) {
    const stored = readStored<StoredPasses>(KEY);
    if (!(error instanceof NetworkError) || !stored || stored.userId !== userId) throw error;
    return { passes: stored.data.passes, offlineSince: stored.savedAt };
  }
}
