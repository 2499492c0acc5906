/**
 * The expiry sweep: removes the sold users whose validity is over (and ends their sessions), marks
 * `agotado` those whose time or data the router says is used up, and removes those after the
 * retention. Per router it costs a fixed handful of round trips, whatever the number of users:
 *
 *   1. one print of the users (with their counters) and, when some are due, one of the sessions,
 *      sent together;
 *   2. every `remove` (users first, then their sessions) as tagged commands in one pipelined batch.
 *
 * Only users whose comment names their transaction are ever removed (a user made by hand is never
 * touched). Due users are claimed under a lease first (src/db/plan-users.ts), so several instances
 * sweep at once and each user is removed by one; a sweep that dies after removing but before
 * recording leaves leases that end, and the next sweep finds those users gone and records them.
 */
import { claimDueUsers, markExhausted, recordRemoved, releaseDueUsers, usersToMeter, type PlanUser } from '../db/plan-users.js';
import type { Db } from '../db/connection.js';
import {
  listActiveSessions,
  listServiceUsage,
  removeActiveSession,
  removeHotspotUser,
  type RouterExec,
  type ServiceUserUsage,
} from '../payments/hotspot-users.js';
import { RecordGoneError } from '../payments/services.js';
import { isRouterFailure } from '../routers/failure.js';
import { routerSeconds } from './duration.js';
import { BYTES_PER_MB, limitSeconds } from './limits.js';

export interface ExpirySweepDeps {
  db: Db;
  now: () => Date;
  routerExecFor(routerId: string): Promise<RouterExec>;
  /** Called after a router's removals, before they are recorded; whatever it throws ends the sweep there (a crash). */
  checkpoint?: (step: 'removed', routerId: string) => void | Promise<void>;
  /** A router that could not be swept this time (unreachable, deleted); its users wait for the next sweep. */
  onError?: (routerId: string, error: unknown) => void;
}

export interface ExpirySweepOptions {
  /** How long a used-up user stays on its router (EXPIRED_USER_RETENTION_HOURS). */
  retentionMs: number;
  /** How long a sweep's claim on due users lasts (longer than one sweep takes). */
  leaseMs: number;
  /** Most due users claimed by one sweep; the rest wait for the next. */
  batchSize: number;
}

export const DEFAULT_SWEEP_LEASE_MS = 5 * 60_000;
export const DEFAULT_SWEEP_BATCH = 20_000;

/** What one sweep did. */
export interface ExpirySweepReport {
  /** Transactions whose user this sweep removed from its router. */
  removed: string[];
  /** Due users already gone from their router (removed by hand, or by a sweep that died before recording). */
  alreadyGone: string[];
  /** Users marked `agotado`. */
  exhausted: string[];
  sessionsEnded: number;
  /** Routers left for the next sweep. */
  deferredRouters: string[];
  /** Round trips per router swept (a batch of commands sent together counts once). */
  roundTrips: Record<string, number>;
}

export async function sweepExpiredUsers(deps: ExpirySweepDeps, options: ExpirySweepOptions): Promise<ExpirySweepReport> {
  const now = deps.now();
  const due = await claimDueUsers(deps.db, {
    now,
    exhaustedBefore: new Date(now.getTime() - options.retentionMs),
    leaseUntil: new Date(now.getTime() + options.leaseMs),
    limit: options.batchSize,
  });
  const dueIds = new Set(due.map((u) => u.id));
  const metered = (await usersToMeter(deps.db)).filter((u) => !dueIds.has(u.id));
  const byRouter = new Map<string, { due: PlanUser[]; metered: PlanUser[] }>();
  const group = (routerId: string) => {
    let entry = byRouter.get(routerId);
    if (!entry) {
      entry = { due: [], metered: [] };
      byRouter.set(routerId, entry);
    }
    return entry;
  };
  for (const user of due) group(user.router_id).due.push(user);
  for (const user of metered) group(user.router_id).metered.push(user);

  const report: ExpirySweepReport = { removed: [], alreadyGone: [], exhausted: [], sessionsEnded: 0, deferredRouters: [], roundTrips: {} };
  await Promise.all(
    [...byRouter].map(async ([routerId, work]) => {
      try {
        await sweepRouter(deps, routerId, work, now, report);
      } catch (error) {
        if (!isRouterFailure(error) && !(error instanceof RecordGoneError)) throw error;
        await releaseDueUsers(
          deps.db,
          work.due.map((u) => u.id),
        );
        report.deferredRouters.push(routerId);
        deps.onError?.(routerId, error);
      }
    }),
  );
  return report;
}

async function sweepRouter(
  deps: ExpirySweepDeps,
  routerId: string,
  work: { due: PlanUser[]; metered: PlanUser[] },
  now: Date,
  report: ExpirySweepReport,
): Promise<void> {
  const exec = await deps.routerExecFor(routerId);
  const [users, sessions] = await Promise.all([
    listServiceUsage(exec),
    work.due.length > 0 ? listActiveSessions(exec) : Promise.resolve([]),
  ]);
  let roundTrips = 1;
  const byTransaction = new Map(users.map((u) => [u.transactionId, u]));
  const onRouter = (row: PlanUser) => {
    const user = byTransaction.get(row.id);
    return user && user.name === row.hotspot_username ? user : undefined;
  };

  const present = work.due.flatMap((row) => {
    const user = onRouter(row);
    return user ? [user] : [];
  });
  const leaving = new Set(present.map((u) => u.name));
  const ending = sessions.filter((s) => leaving.has(s.user));
  if (present.length + ending.length > 0) {
    // Users first: once a user is gone, its ended session cannot log straight back in.
    await settleAll([...present.map((u) => removeHotspotUser(exec, u.id)), ...ending.map((s) => removeActiveSession(exec, s.id))]);
    roundTrips++;
  }
  await deps.checkpoint?.('removed', routerId);

  const exhausted = work.metered.filter((row) => {
    const user = onRouter(row);
    return user !== undefined && usedUp(row, user);
  });
  report.exhausted.push(
    ...(await markExhausted(
      deps.db,
      exhausted.map((u) => u.id),
      now,
    )),
  );
  const removedNow = new Set(present.map((u) => u.transactionId));
  const recorded = await recordRemoved(
    deps.db,
    work.due.map((row) => ({ id: row.id, state: row.expires_at !== null && row.expires_at <= now ? 'expired' : 'exhausted' })),
    now,
  );
  for (const id of recorded) (removedNow.has(id) ? report.removed : report.alreadyGone).push(id);
  report.sessionsEnded += ending.length;
  report.roundTrips[routerId] = roundTrips;
}

/** The router's counters reached the plan's time or data limit. */
function usedUp(row: PlanUser, user: ServiceUserUsage): boolean {
  const seconds = limitSeconds(row.time_limit);
  if (seconds !== null && (routerSeconds(user.uptime) ?? 0) >= seconds) return true;
  return row.data_limit_mb !== null && user.bytes >= row.data_limit_mb * BYTES_PER_MB;
}

/** Waits for every command of a batch, then throws the first failure (no command is left unsettled). */
async function settleAll(commands: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(commands);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
