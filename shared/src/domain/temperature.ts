import * as z from 'zod';

export const TEMPERATURE_MIN = 35.0;
export const TEMPERATURE_MAX = 42.0;
export const DEFAULT_FEVER_THRESHOLD = 37.3;

// Readings are compared in tenths of a degree: 36.6 * 10 is 366.00000000000006 in binary floats.
const EPSILON = 1e-9;

export function isValidTemperature(t: number): boolean {
  if (!Number.isFinite(t)) return false;
  const tenths = Math.round(t * 10);
  if (Math.abs(t * 10 - tenths) > EPSILON) return false;
  return tenths >= Math.round(TEMPERATURE_MIN * 10) && tenths <= Math.round(TEMPERATURE_MAX * 10);
}

export function isFever(t: number, threshold: number = DEFAULT_FEVER_THRESHOLD): boolean {
  return t * 10 >= threshold * 10 - EPSILON;
}

// NaN/Infinity (rejected by z.number() itself) get the same code; non-numbers keep zod's default.
export const temperatureSchema = z
  .number({ error: (issue) => (typeof issue.input === 'number' ? 'TEMPERATURE_OUT_OF_RANGE' : undefined) })
  .refine(isValidTemperature, { message: 'TEMPERATURE_OUT_OF_RANGE' });
