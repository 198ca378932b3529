/**
 * Supply requests over HTTP and at their floors: quarantined households create requests (their
 * transaction), a gridworker accepts them (a conditional update). The readers are paused during
 * each HTTP run and caught up after it, as for every write scenario.
 */
import { putSupplyRequest } from '../../functions/src/contexts/supply/entities/supply-request';
import type { SampleHousehold } from './city';
import { floorAccept, floorSupplyRequest } from './floor-items';
import { floorLoad, type HttpRequest, httpLoad, ratioOf, type ScenarioResult } from './load';

export async function supplyScenarios(o: {
  households: SampleHousehold[];
  base: { url: string; connections: number; durationS: number };
  maxRequests: number;
  /** Created requests kept back (not accepted) for the capacity samples. */
  keep: number;
  createSupply: (h: SampleHousehold, key: string) => HttpRequest;
  accept: (requestId: string) => HttpRequest;
  runId: string;
  streams: { pause(): void; resume(): void; settle(): Promise<void> };
  log: (msg: string) => void;
}): Promise<{ create: ScenarioResult; accept: ScenarioResult; keptIds: string[] } | undefined> {
  const { households, base, runId, streams } = o;
  if (households.length === 0) return undefined;
  const { connections, durationS } = base;
  const supplyIds: string[] = [];
  o.log(`supply requests (${households.length} quarantined households)…`);
  streams.pause();
  const createHttp = await httpLoad({
    ...base,
    maxRequests: o.maxRequests,
    request: (i) => o.createSupply(households[i % households.length]!, `sr${runId}${i}`),
    onResponse: (status, body) => {
      if (status === 201) supplyIds.push(String((JSON.parse(body) as { requestId: string }).requestId));
    },
  });
  streams.resume();
  await streams.settle();
  const floorIds: string[] = [];
  const createFloor = await floorLoad({
    connections,
    durationS,
    op: async (i) => {
      const h = households[i % households.length]!;
      const at = new Date();
      const item = floorSupplyRequest(h, at, `srf${runId}${i}`);
      await putSupplyRequest(item, at);
      floorIds.push(item.requestId);
    },
  });
  await streams.settle();

  const acceptIds = supplyIds.splice(0, supplyIds.length - o.keep);
  streams.pause();
  const acceptHttp = await httpLoad({
    ...base,
    maxRequests: acceptIds.length,
    request: (i) => o.accept(acceptIds[i % acceptIds.length]!),
  });
  streams.resume();
  await streams.settle();
  const acceptFloor = await floorLoad({
    connections,
    durationS,
    maxOps: floorIds.length,
    op: (i) => floorAccept(floorIds[i]!),
  });
  await streams.settle();
  return {
    create: { http: createHttp, floor: createFloor, ratio: ratioOf(createHttp, createFloor) },
    accept: { http: acceptHttp, floor: acceptFloor, ratio: ratioOf(acceptHttp, acceptFloor) },
    keptIds: supplyIds,
  };
}
