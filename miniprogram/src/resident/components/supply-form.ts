import {
  addDays,
  type CreateSupplyRequest,
  createSupplyRequestSchema,
  localDate,
  localDateTime,
  type SupplyKind,
  type SupplyUnit,
} from '@grid/shared';
import { zh } from '../../i18n/zh';

/** The catalogue in the order the chips show it, with the units each kind may use (first: default). */
export const CATALOGUE: ReadonlyArray<{ kind: SupplyKind; units: readonly SupplyUnit[] }> = [
  { kind: 'vegetables', units: ['jin', 'kg', 'portion'] },
  { kind: 'rice_flour', units: ['jin', 'kg', 'bag'] },
  { kind: 'meat_eggs', units: ['jin', 'kg', 'box', 'piece'] },
  { kind: 'masks', units: ['piece', 'box'] },
  { kind: 'disinfectant', units: ['bottle'] },
  { kind: 'thermometer', units: ['piece'] },
  { kind: 'medicine', units: ['box', 'bottle'] },
  { kind: 'garbage_pickup', units: ['bag'] },
  { kind: 'other', units: ['piece', 'jin', 'kg', 'portion', 'bag', 'box', 'bottle'] },
];

export const DELIVERY_WINDOWS = {
  morning: { from: '09:00', to: '12:00' },
  afternoon: { from: '14:00', to: '18:00' },
  evening: { from: '18:00', to: '21:00' },
} as const;
export type DeliveryDay = 'today' | 'tomorrow';
export type DeliveryWindow = keyof typeof DELIVERY_WINDOWS;

export interface SupplyLine {
  quantity: number;
  unit: SupplyUnit;
}

export interface SupplyDraft {
  /** The kinds picked, in the order picked. */
  lines: Partial<Record<SupplyKind, SupplyLine>>;
  medicineName: string;
  prescriptionNote: string;
  otherDescription: string;
  note: string;
  when: { day: DeliveryDay; window: DeliveryWindow } | null;
}

export const emptyDraft = (): SupplyDraft => ({
  lines: {},
  medicineName: '',
  prescriptionNote: '',
  otherDescription: '',
  note: '',
  when: null,
});

export function defaultLine(kind: SupplyKind): SupplyLine {
  const unit = CATALOGUE.find((c) => c.kind === kind)?.units[0] ?? 'piece';
  return { quantity: 1, unit };
}

export function windowDate(day: DeliveryDay, now: Date): string {
  return day === 'today' ? localDate(now) : addDays(localDate(now), 1);
}

/** A window that has ended cannot be asked for (the API refuses it too). */
export function windowEnded(day: DeliveryDay, window: DeliveryWindow, now: Date): boolean {
  return localDateTime(windowDate(day, now), DELIVERY_WINDOWS[window].to).getTime() <= now.getTime();
}

export type BuildResult = { ok: true; body: CreateSupplyRequest } | { ok: false; problem: string };

/** Turns the form into the API's request, or says in plain words what is missing. */
export function buildSupplyRequest(draft: SupplyDraft, now: Date): BuildResult {
  const picked = Object.entries(draft.lines) as Array<[SupplyKind, SupplyLine]>;
  if (picked.length === 0) return { ok: false, problem: zh.supply.nothing };
  const items = [];
  for (const [kind, { quantity, unit }] of picked) {
    if (kind === 'medicine') {
      if (draft.medicineName.trim() === '' || draft.prescriptionNote.trim() === '') {
        return { ok: false, problem: zh.supply.medicineMissing };
      }
      items.push({
        kind,
        quantity,
        unit,
        name: draft.medicineName.trim(),
        prescriptionNote: draft.prescriptionNote.trim(),
      });
    } else if (kind === 'other') {
      if (draft.otherDescription.trim() === '') return { ok: false, problem: zh.supply.otherMissing };
      items.push({ kind, quantity, unit, description: draft.otherDescription.trim() });
    } else {
      items.push({ kind, quantity, unit });
    }
  }
  let preferredTime: CreateSupplyRequest['preferredTime'];
  if (draft.when) {
    if (windowEnded(draft.when.day, draft.when.window, now))
      return { ok: false, problem: zh.supply.windowPast };
    preferredTime = { date: windowDate(draft.when.day, now), ...DELIVERY_WINDOWS[draft.when.window] };
  }
  const parsed = createSupplyRequestSchema.safeParse({
    items,
    ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
    ...(preferredTime ? { preferredTime } : {}),
  });
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, problem: zh.supply.invalid };
}
