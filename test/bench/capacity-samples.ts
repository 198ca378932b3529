/**
 * Capacity per operation: a few requests of each kind sent one at a time, each after the stream
 * consumers are idle, with the units DynamoDB Local reported for the app's calls (median) and the
 * request's time alone over HTTP (median; the bill takes it as the Lambda duration).
 */
import { type Capacity, captureCapacity, medianCapacity } from './capacity';
import type { HttpRequest } from './load';
import type { ScaleContext } from './scale-context';

export async function capacityPerOperation(
  ctx: ScaleContext,
  send: (r: HttpRequest) => Promise<unknown>,
  operations: Array<[name: string, requests: HttpRequest[]]>,
): Promise<{ capacity: Record<string, Capacity>; durationsMs: Record<string, number> }> {
  ctx.log('capacity per operation…');
  const capacity: Record<string, Capacity> = {};
  const durationsMs: Record<string, number> = {};
  for (const [name, requests] of operations) {
    const times: number[] = [];
    const samples: Capacity[] = [];
    for (const r of requests) {
      await ctx.settle();
      const t = performance.now();
      samples.push((await captureCapacity(() => send(r))).capacity);
      times.push(performance.now() - t);
    }
    capacity[name] = medianCapacity(samples);
    durationsMs[name] = Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]! * 10) / 10;
  }
  return { capacity, durationsMs };
}
