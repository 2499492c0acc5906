/**
 * The expiry sweep: removes the sold users whose validity is over (and ends their sessions), marks
 * `agotado` those whose time or data the router says is used up, and removes those after the
 * retention. Per router it costs a fixed handful of round trips, whatever the number of users:
 *
 *   1. one print of the due users and, where some user may be used up, of the users the router
 *      counts as used (a query: users nobody has used are not sent), with their counters and
 *      limits; when some are due, one print of the sessions, sent together;
 *   2. every `remove` (users first, then their sessions) as tagged commands in one pipelined batch.
 *
 * Whether a user is used up is the router's own verdict: its counters against its own
 * `limit-uptime` / `limit-bytes-total`, so the sweep needs no database row per metered user, only
 * one batched update for those it finds used up.
 *
 * Only users whose comment names their transaction are ever removed (a user made by hand is never
 * touched). Due users are claimed under a lease first (src/db/plan-users.ts), so several instances
 * sweep at once and each user is removed by one; a sweep that dies after removing but before
 * recording leaves leases that end, and the next sweep finds those users gone and records them.
 */
import { claimDueUsers, markExhausted, recordRemoved, releaseDueUsers, routersToMeter, type PlanUser } from '../db/plan-users.js';
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
  const [due, meteredIds] = await Promise.all([
    claimDueUsers(deps.db, {
      now,
      exhaustedBefore: new Date(now.getTime() - options.retentionMs),
      leaseUntil: new Date(now.getTime() + options.leaseMs),
      limit: options.batchSize,
    }),
    routersToMeter(deps.db),
  ]);
  const dueByRouter = new Map<string, PlanUser[]>();
  for (const user of due) {
    const users = dueByRouter.get(user.router_id);
    if (users) users.push(user);
    else dueByRouter.set(user.router_id, [user]);
  }
  const metered = new Set(meteredIds);
  const routerIds = new Set([...dueByRouter.keys(), ...metered]);

  const report: ExpirySweepReport = { removed: [], alreadyGone: [], exhausted: [], sessionsEnded: 0, deferredRouters: [], roundTrips: {} };
  await Promise.all(
    [...routerIds].map(async (routerId) => {
      const routerDue = dueByRouter.get(routerId) ?? [];
      try {
        await sweepRouter(deps, routerId, { due: routerDue, metered: metered.has(routerId) }, now, report);
      } catch (error) {
        if (!isRouterFailure(error) && !(error instanceof RecordGoneError)) throw error;
        await releaseDueUsers(
          deps.db,
          routerDue.map((u) => u.id),
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
  work: { due: PlanUser[]; metered: boolean },
  now: Date,
  report: ExpirySweepReport,
): Promise<void> {
  const exec = await deps.routerExecFor(routerId);
  // Only the due users and, where some user may be used up, the users the router counts as used.
  const [users, sessions] = await Promise.all([
    listServiceUsage(exec, { names: work.due.map((u) => u.hotspot_username), used: work.metered }),
    work.due.length > 0 ? listActiveSessions(exec) : Promise.resolve([]),
  ]);
  let roundTrips = 1;
  const byTransaction = new Map(users.map((u) => [u.transactionId, u]));
  const present = work.due.flatMap((row) => {
    const user = byTransaction.get(row.id);
    return user && user.name === row.hotspot_username ? [user] : [];
  });
  const leaving = new Set(present.map((u) => u.name));
  const ending = sessions.filter((s) => leaving.has(s.user));
  if (present.length + ending.length > 0) {
    // Users first: once a user is gone, its ended session cannot log straight back in.
    await settleAll([...present.map((u) => removeHotspotUser(exec, u.id)), ...ending.map((s) => removeActiveSession(exec, s.id))]);
    roundTrips++;
  }
  await deps.checkpoint?.('removed', routerId);

  const dueIds = new Set(work.due.map((u) => u.id));
  const usedUpUsers = users.filter((u) => !dueIds.has(u.transactionId) && usedUp(u));
  report.exhausted.push(
    ...(await markExhausted(
      deps.db,
      routerId,
      usedUpUsers.map((u) => ({ transactionId: u.transactionId, username: u.name })),
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

/** The router's counters reached the user's own time or data limit. */
function usedUp(user: ServiceUserUsage): boolean {
  if (user.bytesLimit > 0 && user.bytes >= user.bytesLimit) return true;
  // Most users print `0s` (never logged in, or still in their first session): no parsing for them.
  if (user.uptimeLimit === undefined || user.uptime === undefined || user.uptime === '0s') return false;
  const limit = routerSeconds(user.uptimeLimit) ?? 0;
  return limit > 0 && (routerSeconds(user.uptime) ?? 0) >= limit;
}

/** Waits for every command of a batch, then throws the first failure (no command is left unsettled). */
async function settleAll(commands: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(commands);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
