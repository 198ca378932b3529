import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gridDeltas } from '../src/contexts/hierarchy/use-cases/stats-events';
import { BUSINESS_NAMESPACE, publishBusinessMetrics } from '../src/lib/metrics';

interface EmfRecord {
  _aws: {
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }>;
  };
  [key: string]: unknown;
}

/** The EMF records the call writes to stdout, parsed. */
function emitted(run: () => void): EmfRecord[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfRecord);
}

const GRID_A = '370502001001001';
const GRID_B = '370502002001002';
const GRID_C = '370523100200001';
const at = '2026-12-03T02:00:00.000Z';
const health = (gridCode: string, fever: boolean) =>
  gridDeltas({
    eventName: 'INSERT',
    oldItem: undefined,
    newItem: {
      type: 'HEALTH_REPORT',
      gridCode,
      date: '2026-12-03',
      fever,
      createdAt: at,
      verification: { status: 'none' },
    },
  });
const alert = (gridCode: string) =>
  gridDeltas({
    eventName: 'INSERT',
    oldItem: undefined,
    newItem: { type: 'ALERT', gridCode, kind: 'FEVER', createdAt: at, status: 'open' },
  });

afterEach(() => vi.restoreAllMocks());

describe('business metrics (EMF)', () => {
  it('carry check-ins, fevers and alerts raised per city and per district', () => {
    const metrics = new Metrics({ namespace: BUSINESS_NAMESPACE, serviceName: 'stats' });
    const records = emitted(() =>
      publishBusinessMetrics(
        [...health(GRID_A, true), ...health(GRID_B, false), ...health(GRID_C, true), ...alert(GRID_A)],
        metrics,
      ),
    );
    const byRegion = new Map(records.map((r) => [`${r.regionLevel}|${r.region}`, r]));
    expect([...byRegion.keys()].sort()).toEqual(['city|3705', 'county|370502', 'county|370523']);
    expect(byRegion.get('city|3705')).toMatchObject({ CheckIns: 3, Fevers: 2, AlertsRaised: 1 });
    expect(byRegion.get('county|370502')).toMatchObject({ CheckIns: 2, Fevers: 1, AlertsRaised: 1 });
    expect(byRegion.get('county|370523')).toMatchObject({ CheckIns: 1, Fevers: 1 });
    expect(byRegion.get('county|370523')).not.toHaveProperty('AlertsRaised');
    for (const record of records) {
      const [directive] = record._aws.CloudWatchMetrics;
      expect(directive?.Namespace).toBe(BUSINESS_NAMESPACE);
      expect(directive?.Dimensions.flat()).toEqual(expect.arrayContaining(['regionLevel', 'region']));
      expect(directive?.Metrics.map((m) => m.Name).sort()).toEqual(
        ['AlertsRaised', 'CheckIns', 'Fevers'].filter((n) => n in record),
      );
    }
  });

  it('leave out gauges, decrements and other flows, and write nothing when nothing counts', () => {
    const metrics = new Metrics({ namespace: BUSINESS_NAMESPACE, serviceName: 'stats' });
    const resolved = gridDeltas({
      eventName: 'MODIFY',
      oldItem: { type: 'ALERT', gridCode: GRID_A, status: 'open' },
      newItem: { type: 'ALERT', gridCode: GRID_A, status: 'resolved' },
    });
    expect(resolved.length).toBeGreaterThan(0);
    const records = emitted(() =>
      publishBusinessMetrics(
        [
          ...resolved,
          { grid: GRID_A, metric: 'supplyDelivered', delta: 1 },
          { grid: '3705', metric: 'fevers', delta: 1 },
        ],
        metrics,
      ),
    );
    expect(records).toEqual([]);
  });
});
