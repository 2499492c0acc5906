import { describe, expect, it } from 'vitest';
import { formatInterval, IntervalError, parseInterval, parseIntervalMs } from '../src/duration.js';

describe('RouterOS intervals', () => {
  it('parses unit and clock forms', () => {
    expect(parseInterval('1h')).toBe(3600);
    expect(parseInterval('1d2h30m')).toBe(95400);
    expect(parseInterval('1w')).toBe(604800);
    expect(parseInterval('90')).toBe(90);
    expect(parseInterval('01:30:05')).toBe(5405);
    expect(parseInterval('none')).toBeUndefined();
    expect(parseInterval('')).toBeUndefined();
  });

  it('formats like RouterOS, leaving out zero units', () => {
    expect(formatInterval(0)).toBe('0s');
    expect(formatInterval(3600)).toBe('1h');
    expect(formatInterval(95405)).toBe('1d2h30m5s');
    expect(formatInterval(694861)).toBe('1w1d1h1m1s');
    expect(formatInterval(1.95)).toBe('1s950ms');
    expect(formatInterval(0.2)).toBe('200ms');
  });

  it('parses sub-second units, the clock form with days and fractions, and refuses anything else', () => {
    expect(parseIntervalMs('1s950ms')).toBe(1950);
    expect(parseIntervalMs('1d01:00:00')).toBe(90_000_000);
    expect(parseIntervalMs('00:00:00.200')).toBe(200);
    for (const bad of ['1x', 'h', '1h 2m', '-1s', '1.5h', '01:00']) expect(() => parseIntervalMs(bad), bad).toThrow(IntervalError);
  });
});
