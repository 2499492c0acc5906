/**
 * RouterOS time intervals. Input: unit suffixes (`1w2d3h4m5s`, `500ms`), the clock form
 * (`01:30:00`, `1d01:00:00`, `00:00:00.200`) or bare seconds. Output as RouterOS prints it:
 * compact, largest unit first, zero units left out (`1d2h30m5s`, `1s950ms`, `0s`).
 */

const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Text that is no RouterOS interval. */
export class IntervalError extends Error {
  override name = 'IntervalError';
  constructor(readonly text: string) {
    super(`not a RouterOS interval: ${JSON.stringify(text)}`);
  }
}

/** Milliseconds in an interval; `undefined` for `none` or ''. Throws `IntervalError` for anything else that does not parse. */
export function parseIntervalMs(interval: string | undefined): number | undefined {
  if (interval === undefined || interval === '' || interval === 'none') return undefined;
  if (/^\d+$/.test(interval)) return Number(interval) * 1000;
  const clock = /^(?:(\d+)d)?(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d{1,3}))?$/.exec(interval);
  if (clock) {
    const [, days = '0', hours, minutes, seconds, fraction = ''] = clock;
    return (
      Number(days) * UNIT_MS.d! +
      Number(hours) * UNIT_MS.h! +
      Number(minutes) * UNIT_MS.m! +
      Number(seconds) * 1000 +
      Number(fraction.padEnd(3, '0'))
    );
  }
  if (!/^(?:\d+(?:ms|[wdhms]))+$/.test(interval)) throw new IntervalError(interval);
  let total = 0;
  for (const [, amount, unit] of interval.matchAll(/(\d+)(ms|[wdhms])/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

/** Seconds in an interval such as `1h`, `3d`, `1d2h30m` or `01:30:00`; `undefined` for `none` or ''. */
export function parseInterval(interval: string | undefined): number | undefined {
  const ms = parseIntervalMs(interval);
  return ms === undefined ? undefined : ms / 1000;
}

/** An interval of `totalSeconds` (fractions print as `ms`) as RouterOS prints it: `1w2d3h4m5s`, `1s500ms`, `0s`. */
export function formatInterval(totalSeconds: number): string {
  let rest = Math.round(totalSeconds * 1000);
  let text = '';
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit]!;
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text === '' ? '0s' : text;
}
