/**
 * The mixed workload inside a scale's run: more residents signed in for its check-ins, the pending
 * reports dealt out to its runs, supply requests ready to accept, then runMix (mix.ts).
 */
import type { CityPlan, SampleHousehold } from './city';
import { peakRates } from './dongying';
import { type MixOptions, type MixResult, runMix } from './mix';
import {
  floorSources,
  httpSources,
  type MixBuilders,
  type MixPools,
  pendingPools,
  seedSupply,
} from './mix-sources';

export interface MixScenarioContext {
  builders: MixBuilders;
  /** Sample households not used by the other scenarios. */
  households: SampleHousehold[];
  quarantined: SampleHousehold[];
  tokens: Map<string, string>;
  login: (h: SampleHousehold) => Promise<string>;
  grids: string[];
  plan: CityPlan;
  runId: string;
  connections: number;
  durationS: number;
  personsPerSecond: number;
  capacitySamples: number;
  streams: MixOptions['streams'];
  recorder: MixOptions['recorder'];
  log: (msg: string) => void;
}

export async function mixScenario(c: MixScenarioContext): Promise<{ mix: MixResult; verifyIds: string[] }> {
  const perRun = c.durationS * c.personsPerSecond;
  const chosen: SampleHousehold[] = [];
  let n = 0;
  for (const h of c.households) {
    if (n >= 2 * perRun) break;
    chosen.push(h);
    n += h.personIds.length;
  }
  c.log(`mixed workload: signing in ${chosen.length} more residents…`);
  let next = 0;
  await Promise.all(
    Array.from({ length: c.connections }, async () => {
      while (next < chosen.length) {
        const h = chosen[next++]!;
        c.tokens.set(h.householdId, await c.login(h));
      }
    }),
  );
  const people = chosen.flatMap((h) =>
    h.personIds.map((personId) => ({
      personId,
      gridCode: h.gridCode,
      householdId: h.householdId,
      token: c.tokens.get(h.householdId)!,
    })),
  );
  const half = Math.floor(people.length / 2);
  const [pending1 = [], pendingFloor = [], pending3 = [], pendingCapacity = []] = await pendingPools(
    c.grids,
    4,
  );
  const pools: MixPools = {
    people: [people.slice(0, half), people.slice(half)],
    grids: c.grids,
    streets: [...new Set(c.grids.map((g) => g.slice(0, 9)))],
    city: c.grids[0]!.slice(0, 4),
    quarantined: c.quarantined,
    today: c.plan.today,
    runId: c.runId,
  };
  const b = c.builders;
  const seeds = {
    http1: await seedSupply(b, pools, c.connections, 'h1', false),
    floor: await seedSupply(b, pools, c.connections, 'f', true),
    http3: await seedSupply(b, pools, c.connections, 'h3', false),
  };
  const mix = await runMix({
    persons: c.plan.persons,
    connections: c.connections,
    durationS: c.durationS,
    peak: peakRates(c.plan.persons),
    http: () => httpSources(b, pools, pools.people[0], pending1, seeds.http1, 'a', false),
    floor: () => floorSources(b, pools, pendingFloor, seeds.floor),
    httpRunning: () => httpSources(b, pools, pools.people[1], pending3, seeds.http3, 'c', true),
    streams: c.streams,
    recorder: c.recorder,
    log: c.log,
  });
  return { mix, verifyIds: pendingCapacity.slice(0, c.capacitySamples) };
}
