import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FEVER_THRESHOLD,
  isFever,
  isValidTemperature,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
  temperatureSchema,
} from '../src/domain/temperature';

describe('temperature constants', () => {
  it('match the reporting rules', () => {
    expect(TEMPERATURE_MIN).toBe(35);
    expect(TEMPERATURE_MAX).toBe(42);
    expect(DEFAULT_FEVER_THRESHOLD).toBe(37.3);
  });
});

describe('isValidTemperature', () => {
  it.each([35, 35.0, 35.1, 36.6, 36.7, 37.3, 39.9, 41.9, 42, 42.0])('accepts %s', (t) => {
    expect(isValidTemperature(t)).toBe(true);
  });

  it('accepts one-decimal values whose binary form is inexact', () => {
    const justAbove = 35.1 + 0.2;
    const justBelow = 34.8 + 0.3;
    expect(justAbove).toBe(35.300000000000004);
    expect(justBelow).toBe(35.099999999999994);
    expect(isValidTemperature(justAbove)).toBe(true);
    expect(isValidTemperature(justBelow)).toBe(true);
    expect(isValidTemperature(373 * 0.1)).toBe(true);
    expect(isValidTemperature(42 - 1e-12)).toBe(true);
    expect(isValidTemperature(35 - 1e-12)).toBe(true);
  });

  it('accepts every tenth in range', () => {
    for (let tenths = 350; tenths <= 420; tenths++) {
      expect(isValidTemperature(tenths / 10), `${tenths / 10}`).toBe(true);
    }
  });

  it.each([
    [34.9, 'below range'],
    [34.99, 'below range'],
    [42.1, 'above range'],
    [42.05, 'two decimals above 42'],
    [36.65, 'two decimals'],
    [36.61, 'two decimals'],
    [37.25, 'two decimals'],
    [0, 'zero'],
    [-36.6, 'negative'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('rejects %s (%s)', (t) => {
    expect(isValidTemperature(t)).toBe(false);
  });
});

describe('isFever', () => {
  it('uses 37.3 inclusive by default', () => {
    expect(isFever(37.3)).toBe(true);
    expect(isFever(37.2)).toBe(false);
    expect(isFever(37.4)).toBe(true);
    expect(isFever(36.6)).toBe(false);
    expect(isFever(42)).toBe(true);
  });

  it('is not fooled by float error at the boundary', () => {
    expect(isFever(37.3 - 1e-12)).toBe(true);
    expect(isFever(37.2 + 0.1)).toBe(true);
    expect(isFever(373 * 0.1, 3.73 * 10)).toBe(true);
    expect(isFever(37.3, 37.2 + 0.1)).toBe(true);
    expect(isFever(37.29)).toBe(false);
  });

  it('honours a custom threshold', () => {
    expect(isFever(37.5, 37.5)).toBe(true);
    expect(isFever(37.4, 37.5)).toBe(false);
    expect(isFever(37.0, 37.0)).toBe(true);
  });

  it('is false for NaN', () => {
    expect(isFever(Number.NaN)).toBe(false);
  });
});

describe('temperatureSchema', () => {
  it('parses valid readings unchanged', () => {
    expect(temperatureSchema.parse(36.6)).toBe(36.6);
    expect(temperatureSchema.parse(42)).toBe(42);
    expect(temperatureSchema.parse(35)).toBe(35);
  });

  it.each([34.9, 42.05, 42.1, 36.65, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects %s with TEMPERATURE_OUT_OF_RANGE',
    (t) => {
      const result = temperatureSchema.safeParse(t);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
      expect(result.error?.issues[0]?.message).toBe('TEMPERATURE_OUT_OF_RANGE');
    },
  );

  it('rejects non-numbers', () => {
    expect(temperatureSchema.safeParse('36.6').success).toBe(false);
    expect(temperatureSchema.safeParse(undefined).success).toBe(false);
    expect(temperatureSchema.safeParse(null).success).toBe(false);
  });
});
