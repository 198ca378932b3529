/**
 * Chinese motor-vehicle plates (GA 36): a province abbreviation, the issuing office's letter,
 * then five letters/digits, or six for a new-energy vehicle (small: D/F + letter or digit + four
 * digits; large: five digits + D/F). I and O are never issued, so they cannot be mistaken for 1 and 0.
 * People type plates as 鲁E·12345, 鲁E 12345, 鲁e-12345 or in full-width letters: they are all one plate,
 * stored compact (鲁E12345) and shown with the middle dot (鲁E·12345).
 */
import * as z from 'zod';

export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

const LETTER = 'A-HJ-NP-Z';
const ORDINARY = new RegExp(`^[${PLATE_PROVINCES}][${LETTER}][${LETTER}0-9]{5}$`);
const NEW_ENERGY_SMALL = new RegExp(`^[${PLATE_PROVINCES}][${LETTER}][DF][${LETTER}0-9]\\d{4}$`);
const NEW_ENERGY_LARGE = new RegExp(`^[${PLATE_PROVINCES}][${LETTER}]\\d{5}[DF]$`);

/** Separators people put between the office letter and the serial, and spaces of every width. */
const SEPARATORS = /[\s·•・.\-\u00B7\u2022\u2027\u2219\u30FB\uFF0E\uFF0D\uFF65]+/g;
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;

/** Compact, upper-case, half-width: what is stored and compared. Does not validate. */
export function normalizePlate(raw: string): string {
  return raw
    .replace(FULL_WIDTH_ASCII, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(SEPARATORS, '')
    .toUpperCase();
}

/** Whether a compact plate (see normalizePlate) is a valid ordinary or new-energy plate. */
export function isValidPlate(compact: string): boolean {
  return ORDINARY.test(compact) || NEW_ENERGY_SMALL.test(compact) || NEW_ENERGY_LARGE.test(compact);
}

/** Whether a compact plate is a new-energy (green) plate. */
export function isNewEnergyPlate(compact: string): boolean {
  return NEW_ENERGY_SMALL.test(compact) || NEW_ENERGY_LARGE.test(compact);
}

/** 鲁E12345 → 鲁E·12345 (any input is normalised first). */
export function formatPlate(plate: string): string {
  const compact = normalizePlate(plate);
  return compact.length > 2 ? `${compact.slice(0, 2)}·${compact.slice(2)}` : compact;
}

/** A plate as typed → its compact form, or PLATE_INVALID. */
export const plateSchema = z
  .string({ error: 'PLATE_INVALID' })
  .max(20, 'PLATE_INVALID')
  .overwrite(normalizePlate)
  .refine(isValidPlate, { message: 'PLATE_INVALID' });
