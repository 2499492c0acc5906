/**
 * Attempt limits kept in the database, so every instance counts the same attempts and a restart
 * forgets none. An attempt is reserved before the work it guards (a password check, a charge), in
 * all of its buckets or in none, so concurrent requests cannot all pass a check that each would
 * pass alone; a reservation that should not count (a login that succeeded) is released afterwards.
 */
import type { Db } from '../db/connection.js';
import { clearBuckets, countAttempts, purgeEndedWindows, uncountAttempts, windowEnds, type BucketLimit } from '../db/rate-limits.js';

/** At most `maxAttempts` in a window of `windowSeconds` that starts with the first of them. */
export interface Limit {
  maxAttempts: number;
  windowSeconds: number;
}

/** Too many attempts: `retryAfterSeconds` until the fullest window ends. */
export class TooManyAttemptsError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly buckets: readonly string[],
  ) {
    super(`too many attempts (${buckets.join(', ')}); retry in ${retryAfterSeconds} s`);
    this.name = 'TooManyAttemptsError';
  }
}

/** Ended windows are deleted at most this often (by whichever request comes first, on any instance). */
const PURGE_EVERY_MS = 60_000;

export class Throttle {
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * Reserves one attempt in each bucket (duplicates count once).
   * @throws TooManyAttemptsError when any bucket is full; then none keeps the attempt.
   */
  async reserve(buckets: ReadonlyArray<{ bucket: string; limit: Limit }>): Promise<void> {
    const now = this.now();
    await this.purgeNow(now);
    const limits = new Map<string, BucketLimit>();
    for (const { bucket, limit } of buckets) {
      limits.set(bucket, { bucket, maxAttempts: limit.maxAttempts, windowMs: limit.windowSeconds * 1000 });
    }
    if (limits.size === 0) return;
    const counted = await countAttempts(this.db, [...limits.values()], now);
    if (counted.size === limits.size) return;
    const full = [...limits.keys()].filter((b) => !counted.has(b));
    await uncountAttempts(this.db, [...counted], now);
    const ends = await windowEnds(this.db, full, now);
    const latest = Math.max(...full.map((b) => ends.get(b)?.getTime() ?? now.getTime()));
    throw new TooManyAttemptsError(Math.max(1, Math.ceil((latest - now.getTime()) / 1000)), full);
  }

  /** Gives back a reserved attempt in each bucket. */
  async release(buckets: readonly string[]): Promise<void> {
    await uncountAttempts(this.db, [...new Set(buckets)], this.now());
  }

  /** Forgets every attempt counted in the buckets. */
  async clear(buckets: readonly string[]): Promise<void> {
    await clearBuckets(this.db, buckets);
  }

  private async purgeNow(now: Date): Promise<void> {
    if (now.getTime() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now.getTime();
    await purgeEndedWindows(this.db, now);
  }
}
