import { describe, expect, it } from 'vitest';
import { formatInterval, parseInterval } from '../src/duration.js';

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
  });
});
