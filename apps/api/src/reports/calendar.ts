/**
 * The empresa's calendar: days are `YYYY-MM-DD` in its IANA zone (`empresas.zona_horaria`), so
 * "hoy" is today there, not in UTC. Day arithmetic works on the plain date (no zone, no DST).
 */

export const DEFAULT_ZONE = 'America/Mexico_City';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD; h23 keeps midnight 00, not 24.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(zone, format);
  }
  return format;
}

/** Whether `zone` is an IANA zone name this runtime knows. */
export function isZone(zone: string): boolean {
  try {
    formatIn(zone);
    return true;
  } catch {
    return false;
  }
}

/** An IANA name (`Area/Location`, `UTC`): offsets such as `+05:00`, which some runtimes also take, are not zones. */
const ZONE_NAME = /^[A-Za-z][A-Za-z_]*(?:\/[A-Za-z0-9_+-]+)*$/;

/** `name` as the runtime spells the zone (`america/mexico_city` → `America/Mexico_City`), or undefined when it is no IANA zone it knows. */
export function canonicalZone(name: string): string | undefined {
  if (!ZONE_NAME.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The zone an empresa's figures use: its own, or the default when what is stored is not a zone. */
export function reportZone(stored: string | null | undefined): string {
  return stored && isZone(stored) ? stored : DEFAULT_ZONE;
}

/** `instant`'s wall-clock time in `zone`: `YYYY-MM-DD HH:MM:SS`. */
export function localDateTime(instant: Date, zone: string): string {
  const parts = Object.fromEntries(
    formatIn(zone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The day `instant` falls on in `zone`. */
export function localDay(instant: Date, zone: string): string {
  return localDateTime(instant, zone).slice(0, 10);
}

const DAY_MS = 86_400_000;
const epochDay = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/** `day` plus `days` (negative: before). */
export function addDays(day: string, days: number): string {
  return new Date((epochDay(day) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** How many days `from`..`to` spans, both included (0 or less when `to` is before `from`). */
export function daySpan(from: string, to: string): number {
  return epochDay(to) - epochDay(from) + 1;
}

/** Every day of `from`..`to`, in order. */
export function daysOf(from: string, to: string): string[] {
  return Array.from({ length: Math.max(0, daySpan(from, to)) }, (_, i) => addDays(from, i));
}
