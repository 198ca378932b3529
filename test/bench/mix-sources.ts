/**
 * What each kind of the mixed workload sends, over HTTP and at the floor, with pools that are not
 * shared between runs: persons who have not reported in this slot (a check-in is one per person and
 * slot), pending reports nobody verified yet (a verification is once), submitted supply requests.
 */
import { addDays, slotOf } from '@grid/shared';
import {
  getSubmission,
  listPending,
  parseSubmissionId,
  putHealthReport,
  recordVerification,
} from '../../functions/src/contexts/reporting/entities/submissions';
import { putSupplyRequest } from '../../functions/src/contexts/supply/entities/supply-request';
import type { SampleHousehold } from './city';
import type { MixKind } from './dongying';
import { floorAccept, floorReport, floorSupplyRequest } from './floor-items';
import type { HttpRequest } from './load';
import { httpOp, type Op, type OpSource } from './mix';

export interface Person {
  personId: string;
  gridCode: string;
  householdId: string;
  token: string;
}

export interface MixBuilders {
  send: (r: HttpRequest) => Promise<Record<string, unknown>>;
  checkin: (p: Person, key: string, temperature: number) => HttpRequest;
  pendingPage: (grid: string) => HttpRequest;
  verify: (submissionId: string) => HttpRequest;
  dashboard: ((code: string) => HttpRequest) | null;
  readFigures: ((code: string, date: string) => Promise<unknown>) | null;
  createSupply: (h: SampleHousehold, key: string) => HttpRequest;
  accept: (requestId: string) => HttpRequest;
}

export interface MixPools {
  /** Persons for runs 1 and 3 (the floor reports for run 1's persons on another day). */
  people: [Person[], Person[]];
  grids: string[];
  streets: string[];
  city: string;
  quarantined: SampleHousehold[];
  today: string;
  runId: string;
}

/** The pending health reports of the grids, dealt out to `parts` runs (verifications do not repeat). */
export async function pendingPools(grids: string[], parts: number): Promise<string[][]> {
  const ids: string[] = [];
  for (const grid of grids) {
    let cursor: string | undefined;
    do {
      const page = await listPending(grid, 'health', 500, cursor);
      ids.push(...page.items.map((i) => i.submissionId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && ids.length < 60_000);
  }
  return Array.from({ length: parts }, (_, k) => ids.filter((_, i) => i % parts === k));
}

const take = <T>(list: readonly T[], i: number): T | null => list[i] ?? null;

/** A queue of submitted supply requests to accept, filled by the run's own creates and a head start. */
function acceptQueue(seed: string[]) {
  const queue = [...seed];
  return { push: (id: string) => queue.push(id), next: () => queue.shift() ?? null };
}

export function httpSources(
  b: MixBuilders,
  pools: MixPools,
  people: Person[],
  pending: string[],
  acceptSeed: string[],
  tag: string,
  fevers: boolean,
): OpSource {
  const op = httpOp(b.send);
  const queue = acceptQueue(acceptSeed);
  const source: OpSource = {
    checkIn: (i) => {
      const p = take(people, i);
      return op(p && b.checkin(p, `mx${tag}${pools.runId}${i}`, fevers && i % 10 === 0 ? 38.5 : 36.5));
    },
    pendingPage: (i) => op(b.pendingPage(pools.grids[i % pools.grids.length]!)),
    verify: (i) => {
      const id = take(pending, i);
      return op(id === null ? null : b.verify(id));
    },
    supplyCreate: (i) => {
      const h = pools.quarantined[i % pools.quarantined.length];
      if (!h) return null;
      return async () => {
        const out = await b.send(b.createSupply(h, `mxs${tag}${pools.runId}${i}`));
        queue.push(String(out.requestId));
      };
    },
    supplyAccept: () => {
      const id = queue.next();
      return op(id === null ? null : b.accept(id));
    },
  };
  if (b.dashboard) {
    const dashboard = b.dashboard;
    source.dashboardStreet = (i) => op(dashboard(pools.streets[i % pools.streets.length]!));
    source.dashboardCity = () => op(dashboard(pools.city));
  }
  if (pools.quarantined.length === 0) {
    delete source.supplyCreate;
    delete source.supplyAccept;
  }
  return source;
}

/** The same calls the request paths make to DynamoDB, straight through the app's client. */
export function floorSources(
  b: MixBuilders,
  pools: MixPools,
  pending: string[],
  acceptSeed: string[],
): OpSource {
  const date = addDays(pools.today, -11);
  const slot = slotOf(new Date());
  const queue = acceptQueue(acceptSeed);
  const people = pools.people[0];
  const source: OpSource = {
    checkIn: (i) => {
      const p = take(people, i);
      return p && (() => putHealthReport(floorReport(p, date, slot, `mxf${pools.runId}${i}`)));
    },
    pendingPage: (i) => () => listPending(pools.grids[i % pools.grids.length]!, 'health', 20),
    verify: (i) => {
      const id = take(pending, i);
      if (!id) return null;
      return async () => {
        const ref = parseSubmissionId(id);
        await getSubmission(ref);
        const at = new Date().toISOString();
        await recordVerification(ref, {
          status: 'confirmed',
          method: 'phone',
          verifiedBy: 'bench',
          verifiedAt: at,
        });
      };
    },
    supplyCreate: (i) => {
      const h = pools.quarantined[i % pools.quarantined.length];
      if (!h) return null;
      return async () => {
        const at = new Date();
        const item = floorSupplyRequest(h, at, `mxsf${pools.runId}${i}`);
        await putSupplyRequest(item, at);
        queue.push(item.requestId);
      };
    },
    supplyAccept: () => {
      const id = queue.next();
      if (!id) return null;
      return () => floorAccept(id);
    },
  };
  if (b.readFigures) {
    const read = b.readFigures;
    source.dashboardStreet = (i) => () => read(pools.streets[i % pools.streets.length]!, pools.today);
    source.dashboardCity = () => () => read(pools.city, pools.today);
  }
  if (pools.quarantined.length === 0) {
    delete source.supplyCreate;
    delete source.supplyAccept;
  }
  return source;
}

/** Submitted supply requests to accept from the first request on (the mix creates too few early on). */
export async function seedSupply(
  b: MixBuilders,
  pools: MixPools,
  n: number,
  tag: string,
  floor: boolean,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n && pools.quarantined.length > 0; i++) {
    const h = pools.quarantined[i % pools.quarantined.length]!;
    if (floor) {
      const at = new Date();
      const item = floorSupplyRequest(h, at, `mxseed${tag}${pools.runId}${i}`);
      await putSupplyRequest(item, at);
      ids.push(item.requestId);
    } else {
      const out = await b.send(b.createSupply(h, `mxseed${tag}${pools.runId}${i}`));
      ids.push(String(out.requestId));
    }
  }
  return ids;
}

export type { MixKind, Op };
