/**
 * RouterOS durations (HOTSPOT.md 4.3). Plans take them strictly: unit suffixes (`30m`, `1h`,
 * `1d12h`, `2w`), the clock form (`01:30:00`, `1d01:30:00`) or bare seconds; whole seconds only,
 * positive and at most `MAX_PLAN_SECONDS`. What a router prints back (`1h30m`, `59m59s950ms`,
 * `00:00:00.200`) is read leniently by `routerSeconds`.
 */

const UNIT_SECONDS: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };

/** The longest duration a plan may carry: one year (RouterOS itself takes up to 2^32 - 1 s). */
export const MAX_PLAN_SECONDS = 366 * 86_400;

/** A plan duration that does not parse or is out of bounds; `reason` says which, in the API's language. */
export class DurationError extends Error {
  constructor(
    readonly field: string,
    readonly text: string,
    readonly reason: string,
  ) {
    super(`${field}: ${JSON.stringify(text)} ${reason}`);
    this.name = 'DurationError';
  }
}

const SUFFIXES = /^(?:\d{1,9}[wdhms])+$/;
const CLOCK = /^(?:(\d{1,4})d)?(\d{1,5}):([0-5]\d):([0-5]\d)$/;

/** Seconds in `text`, or undefined when it is no whole-second RouterOS duration. */
function wholeSeconds(text: string): number | undefined {
  if (/^\d{1,10}$/.test(text)) return Number(text);
  const clock = CLOCK.exec(text);
  if (clock) {
    const [, days = '0', hours, minutes, seconds] = clock;
    return Number(days) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
  }
  if (!SUFFIXES.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([wdhms])/g)) total += Number(amount) * UNIT_SECONDS[unit!]!;
  return total;
}

/**
 * A plan's duration in seconds. @throws DurationError naming `field` and what was wrong (not a
 * duration, zero, or longer than a year).
 */
export function parsePlanDuration(field: string, text: string): number {
  const seconds = wholeSeconds(text.trim());
  if (seconds === undefined) {
    throw new DurationError(field, text, 'no es una duración de RouterOS en segundos enteros (p. ej. 30m, 1h, 1d12h, 01:30:00)');
  }
  if (seconds <= 0) throw new DurationError(field, text, 'debe ser mayor que cero');
  if (seconds > MAX_PLAN_SECONDS) throw new DurationError(field, text, 'no puede pasar de 366 días');
  return seconds;
}

/** Seconds as RouterOS prints a duration: compact, largest unit first (`1d12h`, `1h30m5s`, `0s`). */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.floor(totalSeconds);
  let text = '';
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = UNIT_SECONDS[unit]!;
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text === '' ? '0s' : text;
}

/**
 * A duration as a router prints it (compact units with `ms`/`us`, or the clock form with a
 * fraction), in seconds; 0 for an empty or absent value, undefined for text that is no duration.
 */
export function routerSeconds(text: string | undefined): number | undefined {
  if (text === undefined || text === '' || text === 'none') return 0;
  const clock = /^(?:(\d+)d)?(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d+))?$/.exec(text);
  if (clock) {
    const [, days = '0', hours, minutes, seconds, fraction = ''] = clock;
    return Number(days) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds) + Number(`0.${fraction || '0'}`);
  }
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^(?:\d+(?:ms|us|ns|[wdhms]))+$/.test(text)) return undefined;
  const scale: Record<string, number> = { ...UNIT_SECONDS, ms: 1e-3, us: 1e-6, ns: 1e-9 };
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|us|ns|[wdhms])/g)) total += Number(amount) * scale[unit!]!;
  return total;
}
