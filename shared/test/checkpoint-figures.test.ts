import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FIGURES,
  countEntries,
  createEntryRequestSchema,
  type EntryPerson,
  entryFigures,
  entryFlowMetrics,
} from '../src/api/checkpoints';
import { FLOW_METRICS } from '../src/api/stats';

const base = { direction: 'in' as const, pass: null, plate: null, temperature: null };

describe('entryFigures', () => {
  it('a resident passing with a green pass in a car', () => {
    expect(
      entryFigures({
        ...base,
        person: { kind: 'resident' },
        pass: { passId: 'p1', colour: 'green' },
        plate: '鲁E12345',
      }).sort(),
    ).toEqual(['admitted', 'entries', 'passGreen', 'residentsPassed', 'vehiclesAdmitted']);
  });

  it('a car turned back with a fever', () => {
    expect(
      entryFigures({
        ...base,
        person: { kind: 'turned_back', reason: 'fever' },
        plate: '鲁E12345',
        temperature: 37.8,
      }).sort(),
    ).toEqual(['entries', 'fevers', 'turnedBack', 'vehiclesTurnedBack']);
  });

  it('a visitor admitted; anyone leaving is a departure, not an admission', () => {
    const visitor: EntryPerson = { kind: 'visitor', name: '李四', host: '3号楼 王建国', reason: '送药' };
    expect(entryFigures({ ...base, person: visitor }).sort()).toEqual([
      'admitted',
      'entries',
      'visitorsAdmitted',
    ]);
    expect(entryFigures({ ...base, direction: 'out', person: visitor }).sort()).toEqual([
      'departed',
      'entries',
    ]);
  });
});

describe('entryFlowMetrics', () => {
  it('what flows up to the city: admissions, visitors, turn-backs, vehicles and pass colours, never departures', () => {
    expect(
      entryFlowMetrics({
        ...base,
        person: { kind: 'resident' },
        pass: { passId: 'p1', colour: 'green' },
        plate: '鲁E12345',
      }).sort(),
    ).toEqual(['checkpointAdmitted', 'checkpointPassesGreen', 'checkpointVehiclesAdmitted']);
    expect(entryFlowMetrics({ ...base, direction: 'out', person: { kind: 'resident' } })).toEqual([]);
    const all = entryFlowMetrics({
      ...base,
      person: { kind: 'turned_back', reason: 'red_pass' },
      plate: '鲁E12345',
      pass: { passId: 'p', colour: 'red' },
    });
    expect(all.sort()).toEqual([
      'checkpointPassesRed',
      'checkpointTurnedBack',
      'checkpointVehiclesTurnedBack',
    ]);
    for (const m of all) expect(FLOW_METRICS).toContain(m);
  });
});

const person = fc.oneof(
  fc.constant<EntryPerson>({ kind: 'resident' }),
  fc.constant<EntryPerson>({ kind: 'turned_back', reason: 'non_essential' }),
  fc.constant<EntryPerson>({ kind: 'visitor', name: '访客', host: '1号', reason: '探亲' }),
);
const entry = fc.record({
  direction: fc.constantFrom('in' as const, 'out' as const),
  person,
  pass: fc.option(
    fc.record({
      passId: fc.constant('p'),
      colour: fc.constantFrom('green', 'yellow', 'red') as fc.Arbitrary<'green' | 'yellow' | 'red'>,
    }),
    { nil: null },
  ),
  plate: fc.option(fc.constant('鲁E12345'), { nil: null }),
  temperature: fc.option(fc.constantFrom(36.5, 37.3, 38.0), { nil: null }),
});

describe('countEntries', () => {
  it('every entry is counted once; admitted + turned back + departed = entries', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 50 }), (entries) => {
        const totals = countEntries(entries);
        expect(totals.entries).toBe(entries.length);
        expect(totals.admitted + totals.turnedBack + totals.departed).toBe(entries.length);
        expect(totals.residentsPassed + totals.visitorsAdmitted).toBe(totals.admitted);
        expect(totals.passGreen + totals.passYellow + totals.passRed).toBe(
          entries.filter((e) => e.pass).length,
        );
        expect(totals.vehiclesAdmitted + totals.vehiclesTurnedBack).toBeLessThanOrEqual(
          entries.filter((e) => e.plate).length,
        );
        expect(Object.keys(totals).sort()).toEqual([...CHECKPOINT_FIGURES].sort());
      }),
    );
  });
});

describe('createEntryRequestSchema', () => {
  it('normalises the plate and refuses a bad one with PLATE_INVALID', () => {
    expect(
      createEntryRequestSchema.parse({ direction: 'in', person: { kind: 'resident' }, plate: '鲁e·12345' })
        .plate,
    ).toBe('鲁E12345');
    const bad = createEntryRequestSchema.safeParse({
      direction: 'in',
      person: { kind: 'resident' },
      plate: '鲁E123',
    });
    expect(bad.error?.issues[0]?.message).toBe('PLATE_INVALID');
  });

  it('turning back for "other" needs a note', () => {
    const bad = createEntryRequestSchema.safeParse({
      direction: 'in',
      person: { kind: 'turned_back', reason: 'other' },
    });
    expect(bad.error?.issues[0]?.message).toBe('TURN_BACK_REASON_REQUIRED');
    expect(
      createEntryRequestSchema.safeParse({
        direction: 'in',
        person: { kind: 'turned_back', reason: 'other', note: '施工车辆' },
      }).success,
    ).toBe(true);
  });

  it('a visitor needs a name, a host household and a reason', () => {
    expect(
      createEntryRequestSchema.safeParse({
        direction: 'in',
        person: { kind: 'visitor', name: '李四', host: '', reason: '送药' },
      }).success,
    ).toBe(false);
  });
});
