import { isFever, isValidTemperature } from '@grid/shared';

/** What a typed temperature is: nothing yet, a reading, or why it is not one. */
export type TemperatureReading =
  | { state: 'empty' }
  | { state: 'ok'; value: number; fever: boolean }
  | { state: 'sign' }
  | { state: 'invalid' }
  | { state: 'range'; value: number };

const FULL_WIDTH_DIGIT = /[０-９]/g;

/**
 * Reads what a person typed: "36,8", "36，8" and full-width "３６．８" are 36.8 (phones in China
 * offer all of them); a sign is refused rather than dropped ("-36.5" is not 36.5); tenths at most;
 * outside 35.0–42.0 is a range error, never a fever.
 */
export function readTemperature(text: string): TemperatureReading {
  const t = text
    .trim()
    .replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[,，．。]/g, '.');
  if (t === '') return { state: 'empty' };
  if (/^[+\-−－﹣]/.test(t)) return { state: 'sign' };
  if (!/^\d{1,3}(\.\d?)?$/.test(t)) return { state: 'invalid' };
  const value = Number(t);
  if (!isValidTemperature(value)) return { state: 'range', value };
  return { state: 'ok', value, fever: isFever(value) };
}
