/**
 * First logins, learnt from the routers themselves: one `listen` on `/ip/hotspot/active` per
 * router with sold users still waiting for theirs, on the router pool's shared connection.
 *
 * Each time a listen (re)starts, it catches up with the logins nobody heard (the service was
 * down, the link dropped) from one round trip: a print of the sessions and one of the users the
 * router counts as used (a query), with their counters, sent together. A device may have logged
 * in and out again meanwhile: its session is gone, but the router has added the session's
 * `uptime` to the user's. The first login is then
 * recorded at the latest time the router's figures allow: now minus the user's `uptime` (its
 * ended sessions) minus its current session's. That is exact for a device still connected since
 * its first login and otherwise late by the time it spent disconnected, never early: the
 * customer is never charged for validity that may not have run.
 *
 * A login on a voucher nobody marked sold sells it first (src/vouchers/counter.ts): the card was
 * handed over, so it is sold at its first login and then `usado` like any sold voucher.
 *
 * Recording is a conditional update (src/db/plan-users.ts): hearing a login twice, or on two
 * instances, changes nothing.
 */
import type { RouterOSStream } from '@hotspot/routeros';
import { recordFirstLogins, usersAwaitingLogin } from '../db/plan-users.js';
import type { Db } from '../db/connection.js';
import { unsoldVouchersOn } from '../db/vouchers.js';
import { listActiveSessions, listServiceUsage, type RouterExec } from '../payments/hotspot-users.js';
import { sellOnFirstLogin } from '../vouchers/counter.js';
import { routerSeconds } from './duration.js';

export interface LoginWatchDeps {
  db: Db;
  now: () => Date;
  routerExecFor(routerId: string): Promise<RouterExec>;
  routerStreamFor(routerId: string, path: string): Promise<RouterOSStream>;
  /** A listen that failed (it is started again after `retryMs`). */
  onError?: (routerId: string, error: unknown) => void;
  /** Wait before listening again after a failure. */
  retryMs: number;
}

/** The listeners of every router that needs one. */
export class LoginWatchers {
  private readonly watchers = new Map<string, RouterLoginWatch>();

  constructor(private readonly deps: LoginWatchDeps) {}

  /** Routers listened to now. */
  get routerIds(): string[] {
    return [...this.watchers.keys()];
  }

  /** Listens to exactly `routerIds`: starts the missing listeners, stops the others. */
  async sync(routerIds: readonly string[]): Promise<void> {
    const wanted = new Set(routerIds);
    const stopping = [...this.watchers].filter(([id]) => !wanted.has(id));
    for (const [id] of stopping) this.watchers.delete(id);
    for (const id of wanted) if (!this.watchers.has(id)) this.watchers.set(id, new RouterLoginWatch(this.deps, id));
    await Promise.all(stopping.map(([, watch]) => watch.stop()));
  }

  /** Stops every listener (the listens are cancelled on the routers). */
  async stop(): Promise<void> {
    await this.sync([]);
  }
}

/** One router's listener, restarted after each failure until stopped. */
class RouterLoginWatch {
  private stopped = false;
  private stream: RouterOSStream | undefined;
  private wake: (() => void) | undefined;
  private readonly running: Promise<void>;

  constructor(
    private readonly deps: LoginWatchDeps,
    private readonly routerId: string,
  ) {
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.stream?.cancel().catch(() => undefined);
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.listen();
      } catch (error) {
        if (this.stopped) return;
        this.deps.onError?.(this.routerId, error);
      }
      if (!this.stopped) await this.pause();
    }
  }

  /** Listens first, then catches up with the logins already made, then records each new one. */
  private async listen(): Promise<void> {
    const { deps, routerId } = this;
    const stream = await deps.routerStreamFor(routerId, '/ip/hotspot/active/listen');
    this.stream = stream;
    if (this.stopped) {
      await stream.cancel();
      return;
    }
    try {
      await this.catchUp();
      for await (const row of stream) {
        if (row['.dead'] || !row.user) continue;
        await this.record(new Map([[row.user, routerSeconds(row.uptime) ?? 0]]));
      }
    } finally {
      if (!this.stopped) await stream.cancel().catch(() => undefined);
    }
  }

  /** Records the first logins the router shows, in its sessions or in its users' counters. */
  private async catchUp(): Promise<void> {
    const { deps, routerId } = this;
    const exec = await deps.routerExecFor(routerId);
    const [sold, unsold, sessions, users] = await Promise.all([
      usersAwaitingLogin(deps.db, routerId),
      unsoldVouchersOn(deps.db, routerId),
      listActiveSessions(exec),
      listServiceUsage(exec, { names: [], used: true }),
    ]);
    // Transaction (or voucher) id by user name: sold users awaiting a first login, and unsold vouchers.
    const awaiting = new Map([...unsold, ...sold]);
    const connected = new Map<string, number>();
    for (const session of sessions) {
      if (!awaiting.has(session.user)) continue;
      // Several devices of one user (shared-users > 1) overlap: the longest session is the earliest.
      connected.set(session.user, Math.max(routerSeconds(session.uptime) ?? 0, connected.get(session.user) ?? 0));
    }
    for (const user of users) {
      const used = routerSeconds(user.uptime) ?? 0;
      // Only our user of that name: a hand-made namesake's counters say nothing of the sale.
      if (awaiting.get(user.name) !== user.transactionId || (used === 0 && user.bytes === 0)) continue;
      connected.set(user.name, used + (connected.get(user.name) ?? 0));
    }
    await this.record(connected);
  }

  /** Records first logins: the seconds each user has been connected since it, by user name. */
  private async record(connectedSeconds: ReadonlyMap<string, number>): Promise<void> {
    if (connectedSeconds.size === 0) return;
    const now = this.deps.now();
    const logins = [...connectedSeconds].map(([username, seconds]) => ({
      username,
      at: new Date(now.getTime() - Math.round(seconds * 1000)),
    }));
    await sellOnFirstLogin(this.deps.db, this.routerId, logins);
    await recordFirstLogins(this.deps.db, this.routerId, logins, now);
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.deps.retryMs);
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
