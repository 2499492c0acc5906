/**
 * Money crosses the API as decimal amounts (`19.99`, as the old service's portals expect) and lives
 * everywhere else as integer cents. The conversion refuses anything that is not a whole number of
 * cents instead of rounding it silently.
 */

/** An amount is not a positive whole number of cents. */
export class AmountError extends Error {
  constructor(readonly amount: unknown) {
    super(`not a positive amount with at most two decimals: ${String(amount)}`);
    this.name = 'AmountError';
  }
}

/** 19.99 → 1999. @throws AmountError for 0, negatives, NaN, or a third decimal. */
export function centsFromAmount(amount: number): number {
  const cents = Math.round(amount * 100);
  // Binary floats make 19.99 * 100 = 1998.9999999999998: near a whole cent is a whole cent.
  if (!Number.isFinite(amount) || cents <= 0 || Math.abs(amount * 100 - cents) > 1e-6 || !Number.isSafeInteger(cents)) {
    throw new AmountError(amount);
  }
  return cents;
}

/** 1999 → 19.99 (the nearest double, which JSON prints as written). */
export function amountFromCents(cents: number): number {
  return Number((cents / 100).toFixed(2));
}
