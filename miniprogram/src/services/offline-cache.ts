import { NetworkError } from './http';
import { currentSession } from './session';
import { readStored, writeStored } from './storage';

/** A copy of what the last online visit read, for opening screens without signal. */
interface Cached<T> {
  userId: string;
  savedAt: string;
  data: T;
}

const PREFIX = 'cache:';

/**
 * Loads from the API and keeps a copy on the phone; with no answer at all (offline, timeout), the
 * copy of the same user's last visit is returned instead, so the household and its forms open in a
 * village without signal. Refusals (4xx) and server faults are not hidden behind old data.
 */
export async function loadWithCache<T>(name: string, load: () => Promise<T>): Promise<T> {
  const userId = currentSession()?.user.userId ?? '';
  try {
    const data = await load();
    writeStored(`${PREFIX}${name}`, { userId, savedAt: new Date().toISOString(), data } satisfies Cached<T>);
    return data;
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    const stored = readStored<Cached<T>>(`${PREFIX}${name}`);
    if (!stored || stored.userId !== userId) throw error;
    return stored.data;
  }
}
