/**
 * Rate-limit windows: per bucket, the attempts counted since its window started. Every change is
 * one statement on the bucket's row, so concurrent requests of any instance are counted exactly
 * (the row lock orders them) and a restart forgets nothing.
 */
import { sql } from 'kysely';
import type { Db } from './connection.js';

export interface RateLimitWindowsTable {
  /** What is limited, e.g. `login-email:ana@example.com`. */
  bucket: string;
  attempts: number;
  /** When the window that started with the first counted attempt ends; the count restarts after it. */
  window_ends_at: Date;
}

declare module './schema.js' {
  interface Database {
    rate_limit_windows: RateLimitWindowsTable;
  }
}

/** One bucket to count an attempt in, and its limit. */
export interface BucketLimit {
  bucket: string;
  maxAttempts: number;
  windowMs: number;
}

/**
 * Counts one attempt in every bucket whose window has room (a window that has ended starts again
 * at `now`). Buckets must be distinct.
 * @returns the buckets that counted it; the others were full and are left unchanged.
 */
export async function countAttempts(db: Db, limits: readonly BucketLimit[], now: Date): Promise<Set<string>> {
  const rows = sql.join(
    limits.map((l) => sql`(${l.bucket}, ${l.maxAttempts}::integer, ${new Date(now.getTime() + l.windowMs)}::timestamptz)`),
  );
  const { rows: counted } = await sql<{ bucket: string }>`
    with limits (bucket, max_attempts, window_ends_at) as (values ${rows})
    insert into rate_limit_windows as w (bucket, attempts, window_ends_at)
    select bucket, 1, window_ends_at from limits
    on conflict (bucket) do update set
      attempts = case when w.window_ends_at <= ${now} then 1 else w.attempts + 1 end,
      window_ends_at = case when w.window_ends_at <= ${now} then excluded.window_ends_at else w.window_ends_at end
    where w.window_ends_at <= ${now}
      or w.attempts < (select l.max_attempts from limits l where l.bucket = excluded.bucket)
    returning bucket`.execute(db);
  return new Set(counted.map((r) => r.bucket));
}

/** Takes back one attempt from each bucket (one counted for something that turned out not to count). */
export async function uncountAttempts(db: Db, buckets: readonly string[], now: Date): Promise<void> {
  if (buckets.length === 0) return;
  await db
    .updateTable('rate_limit_windows')
    .set((eb) => ({ attempts: sql<number>`greatest(${eb.ref('attempts')} - 1, 0)` }))
    .where('bucket', 'in', buckets)
    .where('window_ends_at', '>', now)
    .execute();
}

/** Forgets the buckets' counts. */
export async function clearBuckets(db: Db, buckets: readonly string[]): Promise<void> {
  if (buckets.length === 0) return;
  await db.deleteFrom('rate_limit_windows').where('bucket', 'in', buckets).execute();
}

/** When each bucket's current window ends (buckets without a running window are left out). */
export async function windowEnds(db: Db, buckets: readonly string[], now: Date): Promise<Map<string, Date>> {
  if (buckets.length === 0) return new Map();
  const rows = await db
    .selectFrom('rate_limit_windows')
    .select(['bucket', 'window_ends_at'])
    .where('bucket', 'in', buckets)
    .where('window_ends_at', '>', now)
    .execute();
  return new Map(rows.map((r) => [r.bucket, r.window_ends_at]));
}

/** Deletes the windows that have ended (their counts no longer matter). @returns how many. */
export async function purgeEndedWindows(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_windows').where('window_ends_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
