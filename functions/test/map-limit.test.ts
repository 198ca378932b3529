import { describe, expect, it } from 'vitest';
import { mapLimit } from '../src/lib/map-limit';

describe('mapLimit', () => {
  it('keeps the order of the inputs and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([30, 5, 20, 1, 10, 15, 2], 3, async (ms) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight -= 1;
      return ms * 2;
    });
    expect(out).toEqual([60, 10, 40, 2, 20, 30, 4]);
    expect(most).toBe(3);
  });

  it('handles fewer items than the limit, and none', async () => {
    expect(await mapLimit([1], 8, async (n) => n + 1)).toEqual([2]);
    expect(await mapLimit([], 8, async (n: number) => n)).toEqual([]);
  });
});
