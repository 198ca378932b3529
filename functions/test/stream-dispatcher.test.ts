/**
 * The stream dispatcher: typed changes routed to the consumers that declared them, per-record
 * failures (an image that does not parse, a change a consumer could not apply), and the filter
 * criteria derived from the manifest agreeing with the routing.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../src/lib/middleware/logger';
import { type DispatchedConsumer, dispatch, handles, type StreamChange } from '../src/lib/streams/dispatcher';
import { manifest } from '../src/manifest';
import {
  consumersOf,
  MAX_STREAM_READERS,
  matchesAnyPattern,
  streamFilterPatterns,
} from '../src/manifest/streams';

const NAME = '张三丰';

function report(personId: string, overrides: Record<string, unknown> = {}) {
  return {
    pk: `PERSON#${personId}`,
    sk: 'HR#2026-12-03#morning',
    type: 'HEALTH_REPORT',
    personId,
    personName: NAME,
    gridCode: '370502001013003',
    quarantineId: null,
    date: '2026-12-03',
    slot: 'morning',
    temperature: 38.6,
    fever: true,
    symptoms: [],
    reportedAt: '2026-12-03T01:00:00.000Z',
    verification: { status: 'pending' },
    ...overrides,
  };
}

function record(
  sequence: string,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Record<string, unknown>,
): DynamoDBRecord {
  const image = marshall(item, { removeUndefinedValues: true }) as NonNullable<
    DynamoDBRecord['dynamodb']
  >['NewImage'];
  return {
    eventID: `e${sequence}`,
    eventName,
    dynamodb: {
      SequenceNumber: sequence,
      Keys: marshall({ pk: item.pk, sk: item.sk }) as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      ...(eventName === 'REMOVE' ? { OldImage: image } : { NewImage: image }),
      ...(eventName === 'MODIFY' ? { OldImage: image } : {}),
    },
  };
}

function recorder(
  name: string,
  interests: DispatchedConsumer['handles'],
  fail: (c: StreamChange) => boolean = () => false,
) {
  const seen: StreamChange[] = [];
  const consumer: DispatchedConsumer = {
    name,
    handles: interests,
    consume: async (changes) => {
      seen.push(...changes);
      return changes.filter(fail).map((c) => c.sequence);
    },
  };
  return { seen, consumer };
}

afterEach(() => vi.restoreAllMocks());

describe('dispatch', () => {
  it('hands each consumer only the typed changes it declared, in order', async () => {
    const reports = recorder('reports', [{ types: ['HEALTH_REPORT'], events: ['INSERT'] }]);
    const alerts = recorder('alerts', [{ types: ['ALERT'], events: ['INSERT'] }]);
    const result = await dispatch(
      'test',
      [
        record('1', 'INSERT', report('a')),
        record('2', 'INSERT', { pk: 'STATS#1', sk: 'NOW', type: 'STATS' }),
        record('3', 'MODIFY', report('b')),
        record('4', 'INSERT', report('c')),
      ],
      [reports.consumer, alerts.consumer],
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(reports.seen.map((c) => c.sequence)).toEqual(['1', '4']);
    expect(alerts.seen).toEqual([]);
    expect(result.ignored).toBe(2);
    const [first] = reports.seen;
    // Parsed with the item's schema: typed fields, nothing left as DynamoDB attribute values.
    if (first?.type !== 'HEALTH_REPORT') throw new Error('expected a health report');
    expect(first.newItem?.temperature).toBe(38.6);
    expect(first.newItem?.verification.status).toBe('pending');
  });

  it('fails an image that does not match its schema alone, logging its type and key but no personal data', async () => {
    const errors: unknown[][] = [];
    vi.spyOn(logger, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args);
    });
    const reports = recorder('reports', [{ types: ['HEALTH_REPORT'], events: ['INSERT'] }]);
    const result = await dispatch(
      'test',
      [
        record('1', 'INSERT', report('a')),
        record('2', 'INSERT', report('b', { temperature: 'hot' })),
        record('3', 'INSERT', report('c')),
      ],
      [reports.consumer],
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
    expect(reports.seen.map((c) => c.sequence)).toEqual(['1', '3']);
    expect(errors).toHaveLength(1);
    const logged = JSON.stringify(errors[0], (_k, v: unknown) =>
      v instanceof Error ? { message: v.message } : v,
    );
    expect(logged).toContain('HEALTH_REPORT');
    expect(logged).toContain('PERSON#b|HR#2026-12-03#morning');
    expect(logged).toContain('temperature');
    expect(logged).not.toContain(NAME);
    expect(logged).not.toContain('hot');
  });

  it('holds back later changes of an item whose change failed, so its changes stay in order', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => {});
    const reports = recorder('reports', [{ types: ['HEALTH_REPORT'], events: ['INSERT', 'MODIFY'] }]);
    const result = await dispatch(
      'test',
      [
        record('1', 'INSERT', report('a', { slot: 'noon' })),
        record('2', 'MODIFY', report('a')),
        record('3', 'INSERT', report('b')),
      ],
      [reports.consumer],
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['1', '2']);
    expect(reports.seen.map((c) => c.sequence)).toEqual(['3']);
  });

  it('a consumer failing a change, or throwing, fails only its own changes', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => {});
    const picky = recorder(
      'picky',
      [{ types: ['HEALTH_REPORT'], events: ['INSERT'] }],
      (c) => c.sequence === '2',
    );
    const broken: DispatchedConsumer = {
      name: 'broken',
      handles: [{ types: ['ALERT'], events: ['INSERT'] }],
      consume: async () => {
        throw new Error('down');
      },
    };
    const alert = {
      pk: 'ALERT#x',
      sk: 'ALERT',
      type: 'ALERT',
      alertId: 'x',
      kind: 'FEVER',
      status: 'open',
      level: 'grid',
      gridCode: '370502001013003',
      personId: 'a',
      personName: NAME,
      quarantineId: null,
      detail: { date: '2026-12-03', slot: 'morning', temperature: 38.6 },
      createdAt: '2026-12-03T01:00:00.000Z',
      escalatedAt: null,
      acknowledgedBy: null,
      acknowledgedAt: null,
      resolvedBy: null,
      resolvedAt: null,
      resolution: null,
    };
    const result = await dispatch(
      'test',
      [record('1', 'INSERT', report('a')), record('2', 'INSERT', report('b')), record('3', 'INSERT', alert)],
      [picky.consumer, broken],
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['2', '3']);
  });
});

describe('the manifest’s stream readers', () => {
  it('are at most two, and every consumer runs in one of them', () => {
    expect(manifest.streamReaders.length).toBeLessThanOrEqual(MAX_STREAM_READERS);
    const placed = manifest.streamReaders.flatMap((r) => consumersOf(manifest, r.name).map((c) => c.name));
    expect(placed.sort()).toEqual(manifest.streamConsumers.map((c) => c.name).sort());
  });

  it('filter exactly what their consumers handle (the patterns and the routing agree)', () => {
    const types = [
      ...new Set(manifest.streamConsumers.flatMap((c) => c.handles.flatMap((h) => h.types))),
      'STATS',
      'XM_ROW',
    ];
    for (const reader of manifest.streamReaders) {
      const consumers = consumersOf(manifest, reader.name);
      const patterns = streamFilterPatterns(consumers.flatMap((c) => c.handles));
      expect(patterns.length).toBeLessThanOrEqual(5);
      for (const type of types) {
        for (const eventName of ['INSERT', 'MODIFY', 'REMOVE'] as const) {
          const item = { pk: 'X', sk: 'Y', type };
          const wanted = consumers.some((c) => handles(c.handles, eventName, type));
          expect(
            matchesAnyPattern(patterns, record('1', eventName, item)),
            `${reader.name} ${eventName} ${type}`,
          ).toBe(wanted);
        }
      }
    }
  });
});
