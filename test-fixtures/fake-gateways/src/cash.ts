/** What both fakes share about cash vouchers: their numbers and their time limits. */
import { randomInt } from 'node:crypto';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** `count` random decimal digits, the first not 0 (references are printed and typed as numbers). */
export function randomDigits(count: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < count) digits += String(randomInt(0, 10));
  return digits;
}

/** Unix seconds, the way Conekta writes times. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * ISO-8601 in Mexico City's offset, the way Mercado Pago México writes times
 * (`2026-01-05T23:59:59.000-06:00`; Mexico has kept UTC-6 all year since 2022).
 */
export function mexicoTime(date: Date): string {
  return `${new Date(date.getTime() - 6 * 60 * 60 * 1000).toISOString().slice(0, -1)}-06:00`;
}
