/**
 * Dongying's bill (test/bench/bill.ts) and its price table (test/bench/prices.ts): every price says
 * where it comes from and how far it is checked, and the bill multiplies usage by those prices as the
 * page says (on-demand per unit; provisioned per unit-hour with the auto scaling floor).
 */
import { describe, expect, it } from 'vitest';
import { dayUsage, monthBill, type OpCost } from '../bench/bill';
import { renderPriceTable } from '../bench/price-table';
import { allSourced, billedPrices, PRICES, type Price, type RegionPrices } from '../bench/prices';

const every = (p: RegionPrices): Array<[string, Price]> => [
  ...billedPrices(p),
  ...Object.entries(p.notInBill),
];

function costs(perOp: Partial<OpCost>) {
  const zero: OpCost = { rru: 0, wru: 0, ms: 0, extraInvocations: 0, extraMs: 0 };
  return Object.fromEntries(
    Object.keys(dayUsage('outbreak')).map((op) => [op, { ...zero, ...(op === 'checkIn' ? perOp : {}) }]),
  ) as Parameters<typeof monthBill>[2];
}

/** A region whose every price is `v`, to check the arithmetic. */
function flat(v: number): RegionPrices {
  const price: Price = { value: v, unit: 'test', status: 'checked', source: 'test', date: 'test' };
  return {
    region: 'test-1',
    label: 'test',
    currency: 'USD',
    dynamodb: {
      writeRequestUnitsPerMillion: price,
      readRequestUnitsPerMillion: price,
      wcuHour: price,
      rcuHour: price,
      storageGbMonth: price,
      streamReadsByLambdaPerMillion: price,
    },
    lambda: { requestsPerMillion: price, gbSecondArm: price },
    httpApiPerMillion: price,
    notInBill: {},
  };
}

describe('the price table', () => {
  it('gives every price a value, unit, source, date and status; a derived or unverified one says why', () => {
    for (const region of PRICES) {
      for (const [label, x] of every(region)) {
        const where = `${region.region} ${label}`;
        expect(Number.isFinite(x.value) && x.value >= 0, where).toBe(true);
        expect(x.unit, where).toContain(region.currency);
        expect(x.source.length, where).toBeGreaterThan(10);
        expect(x.date.length, where).toBeGreaterThan(0);
        if (x.status === 'derived' || x.status === 'unverified')
          expect(x.note?.length ?? 0, where).toBeGreaterThan(10);
      }
    }
  });

  it('marks a region unverified when one billed price is unverified or derived', () => {
    expect(allSourced(flat(1))).toBe(true);
    const oneUnverified = flat(1);
    oneUnverified.httpApiPerMillion = { ...oneUnverified.httpApiPerMillion, status: 'unverified' };
    expect(allSourced(oneUnverified)).toBe(false);
    const oneDerived = flat(1);
    oneDerived.lambda.gbSecondArm = { ...oneDerived.lambda.gbSecondArm, status: 'derived' };
    expect(allSourced(oneDerived)).toBe(false);
  });

  it('renders every billed price with its source, unverified ones in bold', () => {
    const page = renderPriceTable();
    for (const region of PRICES) {
      for (const [label, x] of billedPrices(region)) {
        const line = page.split('\n').find((l) => l.startsWith(`| ${region.region} | ${label} |`));
        expect(line, `${region.region} ${label}`).toBeDefined();
        expect(line).toContain(`| ${x.value} |`);
        expect(line).toContain(x.status === 'unverified' ? '**unverified**' : x.status);
      }
    }
  });
});

describe('the bill', () => {
  const outbreakCheckIns = 14 * dayUsage('outbreak').checkIn + 16 * dayUsage('quiet').checkIn;

  it('charges on-demand units, requests and GB-seconds at their prices', () => {
    // One write unit, two read units and 100 ms per check-in; nothing else costs anything.
    const b = monthBill(flat(2), 'outbreak', costs({ wru: 1, rru: 2, ms: 100 }), 10);
    expect(b.wru).toBe(outbreakCheckIns);
    expect(b.rru).toBe(2 * outbreakCheckIns);
    expect(b.dynamoOnDemand).toBeCloseTo((3 * outbreakCheckIns * 2) / 1e6, 6);
    expect(b.storage).toBe(20);
    const requests = b.requests;
    expect(b.api).toBeCloseTo((requests / 1e6) * 2, 6);
    // Every request is one invocation; only check-ins run (0.1 s at 1 GB).
    expect(b.lambda).toBeCloseTo((requests / 1e6) * 2 + outbreakCheckIns * 0.1 * 2, 3);
    expect(b.totalOnDemand).toBeCloseTo(b.lambda + b.api + b.storage + b.dynamoOnDemand, 6);
  });

  it('provisions at least 10 units every hour, and above that the hour’s rate ÷ 70 %', () => {
    const idle = monthBill(flat(1), 'quiet', costs({}), 0);
    // 30 days × 24 hours × 10 units, for reads and for writes.
    expect(idle.dynamoProvisioned).toBeCloseTo(2 * 30 * 24 * 10, 6);
    // An outbreak hour (07–09, 18–20) carries 20 % of the day's check-ins.
    const busy = monthBill(flat(1), 'outbreak', costs({ wru: 1 }), 0);
    const peakHourUnits = (0.2 * dayUsage('outbreak').checkIn) / 3600 / 0.7;
    expect(peakHourUnits).toBeGreaterThan(10);
    expect(busy.dynamoProvisioned).toBeGreaterThan(idle.dynamoProvisioned + 14 * 4 * (peakHourUnits - 10));
  });
});
