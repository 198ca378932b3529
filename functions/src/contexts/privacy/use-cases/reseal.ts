/**
 * Data-key rotation, step 3 (docs/deploy.md, "Rotating keys"): moves every stored sealed value to
 * the current data key. A scheduled job; a run with nothing to do reads one item. A walk is a
 * parallel Scan by segments whose checkpoints live on the state item, so a run that reaches its
 * time budget leaves the rest to the next run. Keyed hashes are untouched: only the sealing changes.
 */
import { currentDataKeyId, resealField } from '../../../lib/crypto/personal-data';
import { mapLimit } from '../../../lib/map-limit';
import {
  type AttributePath,
  claimReseal,
  endResealRun,
  getItemByKey,
  getResealState,
  type ResealCounts,
  recordSegmentProgress,
  scanPage,
  startResealState,
  type TableKey,
  type ValueChange,
  writeResealed,
} from '../entities/reseal';

/**
 * The shape encryptField writes (`v2.<keyId>.<iv>.<body>.<tag>`, or the legacy `v1.<iv>.<body>.<tag>`):
 * a 12-byte IV and a 16-byte tag in base64. Strict, so free text that merely starts with `v1.` is left alone.
 */
const SEALED_VALUE =
  /^(?:v1|v2\.[a-z0-9]{1,8})\.[A-Za-z0-9+/]{16}\.[A-Za-z0-9+/]+={0,2}\.[A-Za-z0-9+/]{22}==$/;

const DEFAULT_SEGMENTS = 4;
const DEFAULT_PAGE_SIZE = 100;
const ITEM_CONCURRENCY = 8;
/** An item rewritten this often while we re-seal it fails the run; its page is scanned again next run. */
const MAX_ATTEMPTS = 5;
/** The lease outlives the run's deadline by this much: the last page and the final write. */
const LEASE_MARGIN_MS = 120_000;

export interface SealedValue {
  path: AttributePath;
  value: string;
}

/** Every sealed string of an item, at any depth of maps and lists (the key attributes hold none). */
export function findSealedValues(item: Record<string, unknown>): SealedValue[] {
  const found: SealedValue[] = [];
  const walk = (value: unknown, path: Array<string | number>) => {
    if (typeof value === 'string') {
      if (SEALED_VALUE.test(value)) found.push({ path, value });
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, [...path, i]);
    } else if (
      value !== null &&
      typeof value === 'object' &&
      !(value instanceof Uint8Array) &&
      !(value instanceof Set)
    ) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  for (const [name, value] of Object.entries(item)) if (name !== 'pk' && name !== 'sk') walk(value, [name]);
  return found;
}

const zeroCounts = (): ResealCounts => ({ itemsSeen: 0, valuesResealed: 0, conflicts: 0, unreadable: 0 });

function addCounts(into: ResealCounts, from: ResealCounts): void {
  into.itemsSeen += from.itemsSeen;
  into.valuesResealed += from.valuesResealed;
  into.conflicts += from.conflicts;
  into.unreadable += from.unreadable;
}

const keyOf = (item: Record<string, unknown>): TableKey => ({ pk: String(item.pk), sk: String(item.sk) });

/**
 * Re-seals one item's values under the current key, written back conditional on the old values.
 * When a concurrent write got there first, the item is read again and what is still old re-sealed.
 */
export async function resealItem(item: Record<string, unknown>, tally: ResealCounts): Promise<void> {
  const key = keyOf(item);
  let current: Record<string, unknown> | undefined = item;
  for (let attempt = 0; current; attempt++) {
    if (attempt === MAX_ATTEMPTS) throw new Error(`Item kept changing while being re-sealed (${key.pk})`);
    const changes: ValueChange[] = [];
    let unreadable = 0;
    for (const { path, value } of findSealedValues(current)) {
      try {
        const to = resealField(value);
        if (to !== undefined) changes.push({ path, from: value, to });
      } catch {
        // A key the ring lacks or a value that does not open: counted, never logged, left as it is.
        unreadable++;
      }
    }
    if (changes.length === 0 || (await writeResealed(key, changes))) {
      tally.valuesResealed += changes.length;
      tally.unreadable += unreadable;
      return;
    }
    tally.conflicts++;
    current = await getItemByKey(key);
  }
}

export interface ResealOptions {
  /** Epoch ms: no page is started after it. */
  deadline: number;
  segments?: number;
  pageSize?: number;
  /** Stops each segment after this many pages (tests of a run cut short). */
  maxPagesPerSegment?: number;
}

export type ResealOutcome = {
  /** up-to-date: nothing to do; busy: another run holds the walk; partial: the budget ran out. */
  outcome: 'up-to-date' | 'busy' | 'partial' | 'done';
  keyId: string;
} & ResealCounts;

/** One run of the job: continues (or starts) the walk towards the current key, within the deadline. */
export async function resealPersonalData(at: Date, opts: ResealOptions): Promise<ResealOutcome> {
  const keyId = currentDataKeyId();
  const totals = zeroCounts();
  const answer = (outcome: ResealOutcome['outcome']): ResealOutcome => ({ outcome, keyId, ...totals });

  let state = await getResealState();
  if (state?.keyId === keyId && state.status === 'done') return answer('up-to-date');
  if (state?.keyId !== keyId) {
    await startResealState(keyId, opts.segments ?? DEFAULT_SEGMENTS, at.toISOString());
    state = await getResealState();
  }
  if (!state || state.keyId !== keyId) return answer('busy');
  if (state.status === 'done') return answer('up-to-date');
  if (!(await claimReseal(keyId, Date.now(), opts.deadline + LEASE_MARGIN_MS))) return answer('busy');

  const totalSegments = state.segments.length;
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const maxPages = opts.maxPagesPerSegment ?? Number.POSITIVE_INFINITY;
  let finished: boolean[];
  try {
    finished = await Promise.all(
      state.segments.map(async (segment, index) => {
        if (segment.done) return true;
        let next = segment.next;
        for (let pages = 0; pages < maxPages && Date.now() < opts.deadline; pages++) {
          const page = await scanPage(index, totalSegments, next, pageSize);
          const tally = { ...zeroCounts(), itemsSeen: page.items.length };
          await mapLimit(page.items, ITEM_CONCURRENCY, (item) => resealItem(item, tally));
          const position = { next: page.next, done: page.next === null };
          // False: a walk towards another key replaced this one; stop without counting further.
          if (!(await recordSegmentProgress(keyId, index, position, tally, at.toISOString()))) return false;
          addCounts(totals, tally);
          if (position.done) return true;
          next = page.next;
        }
        return false;
      }),
    );
  } catch (err) {
    await endResealRun(keyId, false, at.toISOString());
    throw err;
  }
  const complete = finished.every(Boolean);
  await endResealRun(keyId, complete, at.toISOString());
  return answer(complete ? 'done' : 'partial');
}
