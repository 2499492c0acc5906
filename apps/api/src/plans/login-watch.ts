/**
 * First logins, learnt from the routers themselves: one `listen` on `/ip/hotspot/active` per
 * router with sold users still waiting for theirs, on the router pool's shared connection. Each
 * time a listen (re)starts, a print of the sessions catches up with logins nobody heard (the
 * service was down, the link dropped): such a login is recorded at the time the router says the
 * session began (now minus its `uptime`), so the clock of a validity from the first login starts
 * when it should. Recording is a conditional update (src/db/plan-users.ts): hearing a login twice,
 * or on two instances, changes nothing.
 */
import type { RouterOSStream } from '@hotspot/routeros';
import { namesAwaitingLogin, recordFirstLogin } from '../db/plan-users.js';
import type { Db } from '../db/connection.js';
import { listActiveSessions, type RouterExec } from '../payments/hotspot-users.js';
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

  /** Listens first, then catches up with the sessions already there, then records each new one. */
  private async listen(): Promise<void> {
    const { deps, routerId } = this;
    const stream = await deps.routerStreamFor(routerId, '/ip/hotspot/active/listen');
    this.stream = stream;
    if (this.stopped) {
      await stream.cancel();
      return;
    }
    try {
      const sessions = await listActiveSessions(await deps.routerExecFor(routerId));
      await this.record(sessions);
      for await (const row of stream) {
        if (row['.dead'] || !row.user) continue;
        await this.record([{ user: row.user, uptime: row.uptime }]);
      }
    } finally {
      if (!this.stopped) await stream.cancel().catch(() => undefined);
    }
  }

  /** Records the first logins among `sessions`, each at the time its session began. */
  private async record(sessions: ReadonlyArray<{ user: string; uptime: string | undefined }>): Promise<void> {
    if (sessions.length === 0) return;
    const { db, now } = this.deps;
    const awaiting = await namesAwaitingLogin(
      db,
      this.routerId,
      sessions.map((s) => s.user),
    );
    const began = new Map<string, number>();
    const at = now().getTime();
    for (const session of sessions) {
      if (!awaiting.has(session.user)) continue;
      const start = at - Math.round((routerSeconds(session.uptime) ?? 0) * 1000);
      began.set(session.user, Math.min(start, began.get(session.user) ?? start));
    }
    for (const [user, start] of began) await recordFirstLogin(db, this.routerId, user, new Date(start));
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
