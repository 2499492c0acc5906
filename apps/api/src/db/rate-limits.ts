/**
 * Rate-limit windows: per bucket, the attempts counted since its window started. Every change is
 * one statement on the buckets' rows, so concurrent requests of any instance are counted exactly
 * (the row locks order them, taken in bucket order) and a restart forgets nothing.
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
    inBucketOrder(limits).map((l) => sql`(${l.bucket}, ${l.maxAttempts}::integer, ${new Date(now.getTime() + l.windowMs)}::timestamptz)`),
  );
  const { rows: counted } = await sql<{ bucket: string }>`
    with limits (bucket, max_attempts, window_ends_at) as (values ${rows})
    insert into rate_limit_windows as w (bucket, attempts, window_ends_at)
    select bucket, 1, window_ends_at from limits order by bucket
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
  await sql`
    with locked as (
      select bucket from rate_limit_windows
      where bucket in (${sql.join([...buckets])}) and window_ends_at > ${now}
      order by bucket
      for update
    )
    update rate_limit_windows w set attempts = greatest(w.attempts - 1, 0)
    from locked where w.bucket = locked.bucket`.execute(db);
}

/**
 * Every statement here locks its rows in bucket order. Two statements that lock the same rows in
 * different orders deadlock: a purchase counting its attempt in (key, address, MAC, declines…) beside
 * another giving its declines back did, under load, and PostgreSQL killed one of them.
 */
function inBucketOrder(limits: readonly BucketLimit[]): BucketLimit[] {
  return [...limits].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
}

/** Forgets the buckets' counts. */
export async function clearBuckets(db: Db, buckets: readonly string[]): Promise<void> {
  if (buckets.length === 0) return;
  await sql`
    with locked as (select bucket from rate_limit_windows where bucket in (${sql.join([...buckets])}) order by bucket for update)
    delete from rate_limit_windows w using locked where w.bucket = locked.bucket`.execute(db);
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
  // A window a request is restarting right now is skipped (it is live again), not waited for in another order.
  const { rows } = await sql<{ bucket: string }>`
    with ended as (
      select bucket from rate_limit_windows where window_ends_at <= ${now} order by bucket for update skip locked
    )
    delete from rate_limit_windows w using ended where w.bucket = ended.bucket
    returning w.bucket`.execute(db);
  return rows.length;
}
