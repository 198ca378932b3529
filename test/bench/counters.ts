/**
 * Counter writes per 100 stream events: the manifest's counting consumer, run by the dispatcher as
 * its reader runs it, fed batches of 100 check-in INSERTs spread city-wide, over one street and in
 * one grid; items written per level, the most written key (hot spots), reads, units and time.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { healthReportKeys } from '../../functions/src/contexts/reporting/entities/health-report';
import {
  type HealthReportItem,
  pendingIndexKeys,
} from '../../functions/src/contexts/reporting/entities/submissions';
import { type DispatchedConsumer, dispatch } from '../../functions/src/lib/streams/dispatcher';
import { manifest } from '../../functions/src/manifest';
import { handlerModule } from '../../functions/src/manifest/route';
import { captureCapacity } from './capacity';

export interface CounterWrites {
  /** The consumer measured (from the manifest). */
  consumer: string;
  /** How the 100 events were spread. */
  spread: string;
  distinctGrids: number;
  /** Counter items written (event markers excluded). */
  writesPer100Events: number;
  /** Counter items written per level (grid, community, street, district, city) and event markers. */
  byLevel: Record<string, number>;
  /** Per level, the writes to its most written key (a region's day and now items together): hot spots. */
  maxPerKeyByLevel?: Record<string, number>;
  readsPer100Events: number;
  readUnitsPer100Events: number;
  /** Write units (table + indexes) and the consumer's own time for the batch of 100 (the bill's inputs). */
  writeUnitsPer100Events?: number;
  msPer100Events?: number;
}

export async function measureCounterWrites(o: {
  grids: string[];
  today: string;
  runId: string;
  /** A check-in's report item for a person in a grid (the i-th of the batch). */
  report: (personId: string, gridCode: string, i: number) => HealthReportItem;
  log: (msg: string) => void;
  notes: string[];
}): Promise<CounterWrites[]> {
  const { grids, today, runId, report, log, notes } = o;
  const counters: CounterWrites[] = [];
  const counterConsumer = manifest.streamConsumers.find((c) => /count/i.test(c.name));
  if (counterConsumer) {
    log(`counter writes per 100 stream events (${counterConsumer.name})…`);
    // Run by the dispatcher, as its reader runs it (images parsed with their schemas first).
    const { consume } = (await import(
      `../../functions/src/${handlerModule(counterConsumer.handler)}.ts`
    )) as Pick<DispatchedConsumer, 'consume'>;
    const counting: DispatchedConsumer = {
      name: counterConsumer.name,
      handles: counterConsumer.handles,
      consume,
    };
    const consumer = {
      handler: (e: DynamoDBStreamEvent) => dispatch(counterConsumer.reader, e.Records, [counting]),
    };
    const street = grids[0]!.slice(0, 9);
    const streetGrids = grids.filter((g) => g.startsWith(street));
    const spreads: Array<[string, string[]]> = [
      [`city-wide (${grids.length} grids)`, grids],
      [`one street (${streetGrids.length} grids)`, streetGrids],
      ['one grid', [grids[0]!]],
    ];
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const levelOf = (pk: string) => {
      const code = /^(?:STAT|GRID)#(\d+)$/.exec(pk)?.[1];
      if (!code) return pk.startsWith('STATEV#') ? 'event markers' : `other (${pk.split('#')[0]})`;
      return { 4: 'city', 6: 'district', 9: 'street', 12: 'community', 15: 'grid' }[code.length] ?? 'other';
    };
    for (const [spreadIndex, [spread, gridPool]] of spreads.entries()) {
      const rounds = 3;
      const samples: CounterWrites[] = [];
      for (let round = 0; round < rounds; round++) {
        const records: DynamoDBRecord[] = Array.from({ length: 100 }, (_, i) => {
          const gridCode = gridPool[Math.floor(rand() * gridPool.length)]!;
          const personId = `01BENCHX${String(round * 1000 + i).padStart(18, '0')}`;
          const at = new Date().toISOString();
          const item = {
            ...report(personId, gridCode, round * 1000 + i),
            date: today,
            reportedAt: at,
            measuredAt: at,
          };
          const image = marshall(
            {
              ...healthReportKeys.item(personId, today, item.slot),
              ...item,
              ...pendingIndexKeys(item, at),
            },
            { removeUndefinedValues: true },
          );
          return {
            eventID: `bench-${runId}-${spreadIndex}-${round}-${i}`,
            eventName: 'INSERT',
            dynamodb: {
              SequenceNumber: String(round * 1000 + i),
              NewImage: image as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
            },
          };
        });
        const t = performance.now();
        const { capacity: c } = await captureCapacity(() => consumer.handler({ Records: records }));
        const ms = performance.now() - t;
        const byLevel: Record<string, number> = {};
        for (const pk of c.writtenPks) byLevel[levelOf(pk)] = (byLevel[levelOf(pk)] ?? 0) + 1;
        const perKey = new Map<string, number>();
        for (const pk of c.writtenPks) perKey.set(pk, (perKey.get(pk) ?? 0) + 1);
        const maxPerKeyByLevel: Record<string, number> = {};
        for (const [pk, n] of perKey) {
          const level = levelOf(pk);
          if (level === 'event markers' || level.startsWith('other')) continue;
          maxPerKeyByLevel[level] = Math.max(maxPerKeyByLevel[level] ?? 0, n);
        }
        samples.push({
          consumer: counterConsumer.name,
          spread,
          distinctGrids: new Set(records.map((r) => r.dynamodb?.NewImage?.gridCode?.S)).size,
          writesPer100Events: c.writtenPks.filter((pk) => !pk.startsWith('STATEV#')).length,
          byLevel,
          maxPerKeyByLevel,
          readsPer100Events:
            (c.commands.Query ?? 0) + (c.commands.GetItem ?? 0) + (c.commands.BatchGetItem ?? 0),
          readUnitsPer100Events: c.tableRead + c.indexRead,
          writeUnitsPer100Events: c.tableWrite + c.indexWrite,
          msPer100Events: ms,
        });
      }
      const mean = (f: (s: CounterWrites) => number) =>
        samples.reduce((a, s) => a + f(s), 0) / samples.length;
      const levels = [...new Set(samples.flatMap((s) => Object.keys(s.byLevel)))];
      counters.push({
        consumer: counterConsumer.name,
        spread,
        distinctGrids: mean((s) => s.distinctGrids),
        writesPer100Events: mean((s) => s.writesPer100Events),
        byLevel: Object.fromEntries(levels.map((l) => [l, mean((s) => s.byLevel[l] ?? 0)])),
        maxPerKeyByLevel: Object.fromEntries(
          levels
            .filter((l) => l !== 'event markers' && !l.startsWith('other'))
            .map((l) => [l, Math.max(...samples.map((s) => s.maxPerKeyByLevel?.[l] ?? 0))]),
        ),
        readsPer100Events: mean((s) => s.readsPer100Events),
        readUnitsPer100Events: mean((s) => s.readUnitsPer100Events),
        writeUnitsPer100Events: mean((s) => s.writeUnitsPer100Events ?? 0),
        msPer100Events: mean((s) => s.msPer100Events ?? 0),
      });
    }
  } else {
    notes.push('no counting stream consumer in the manifest');
  }

  return counters;
}
