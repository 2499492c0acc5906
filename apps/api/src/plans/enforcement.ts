/**
 * Plan enforcement as the running service does it: every `intervalMs` (EXPIRY_SWEEP_SECONDS) an
 * expiry sweep, then the set of login listeners brought in line with the routers that need one.
 * The runtime starts it (src/runtime.ts) and stops it, after its current pass, before it closes
 * the routers.
 */
import type { Db } from '../db/connection.js';
import { recordJobRun } from '../db/job-runs.js';
import { routersAwaitingLogin } from '../db/plan-users.js';
import { sweepExpiredUsers, type ExpirySweepDeps, type ExpirySweepOptions, type ExpirySweepReport } from './expiry-sweep.js';
import { LoginWatchers, type LoginWatchDeps } from './login-watch.js';

export interface PlanEnforcementDeps extends ExpirySweepDeps, Omit<LoginWatchDeps, 'onError'> {
  onError?: (routerId: string, error: unknown) => void;
  /** A pass that failed as a whole (the database, say); the next pass tries again. */
  onPassError?: (error: unknown) => void;
  /** Each finished sweep (the service logs what it removed). */
  onSweep?: (report: ExpirySweepReport) => void;
}

export interface PlanEnforcement {
  /** Stops the sweeps (after the current one) and cancels every listen. */
  stop(): Promise<void>;
}

/** Starts the loop: the first pass at once (catching up after a restart), then one every `intervalMs`. */
export function startPlanEnforcement(deps: PlanEnforcementDeps, options: ExpirySweepOptions & { intervalMs: number }): PlanEnforcement {
  const watchers = new LoginWatchers(deps);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const pass = async () => {
    const startedAt = deps.now();
    const report = await sweepExpiredUsers(deps, options);
    await recordSweep(deps.db, startedAt, deps.now(), report);
    deps.onSweep?.(report);
    if (!stopped) await watchers.sync(await routersAwaitingLogin(deps.db));
  };
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass()
        .catch((error: unknown) => deps.onPassError?.(error))
        .finally(() => schedule(options.intervalMs));
    }, delayMs);
    timer.unref();
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await watchers.stop();
    },
  };
}

/** The sweep's last run, where every instance and the dashboard see it. */
async function recordSweep(db: Db, startedAt: Date, finishedAt: Date, report: ExpirySweepReport): Promise<void> {
  const summary = { removed: report.removed.length, exhausted: report.exhausted.length, deferred_routers: report.deferredRouters.length };
  await recordJobRun(db, { job: 'expiry_sweep', started_at: startedAt, finished_at: finishedAt, summary: JSON.stringify(summary) });
}
