/** RouterOS time intervals: `1w2d3h4m5s` (zero units left out) and the `hh:mm:ss` form. */

const UNIT_SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

/** Seconds in an interval such as `1h`, `3d`, `1d2h30m` or `01:30:00`; `undefined` for `none` or ''. */
export function parseInterval(interval: string | undefined): number | undefined {
  if (!interval || interval === 'none') return undefined;
  const clock = /^(\d+):(\d{1,2}):(\d{1,2})$/.exec(interval);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  let total = 0;
  for (const [, amount, unit] of interval.matchAll(/(\d+)([wdhms]?)/g)) total += Number(amount) * UNIT_SECONDS[unit || 's']!;
  return total;
}

/** An interval as RouterOS prints it: `1w2d3h4m5s`, zero units left out, `0s` for nothing. */
export function formatInterval(totalSeconds: number): string {
  let rest = Math.floor(totalSeconds);
  let text = '';
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNIT_SECONDS[unit]!;
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return rest > 0 || text === '' ? `${text}${rest}s` : text;
}
