/**
 * The running service's expiry sweep leaves its last run in `job_runs` (the dashboard's health),
 * and a purchase leaves its states in the transaction's timeline.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lastJobRun } from '../../src/db/job-runs.js';
import { stateChangesOf } from '../../src/db/transaction-events.js';
import { startPlanEnforcement } from '../../src/plans/enforcement.js';
import { waitFor } from '../helpers/wait.js';
import { HOUR, SWEEP_OPTIONS, startPlanEnv, type PlanEnv } from '../plans/plan-env.js';

let env: PlanEnv;
beforeAll(async () => {
  env = await startPlanEnv();
});
afterAll(() => env.close());

it('a purchase’s timeline holds every state it went through, stamped by the service’s clock', async () => {
  const { tx } = await env.buy({ vigencia: '30m', vigencia_desde: 'compra' });
  const states = await stateChangesOf(env.testDb.db, tx.id);
  expect(states.map((s) => s.state)).toEqual(['pending', 'user_created', 'paid']);
  expect(states.every((s) => s.at.getTime() === env.now().getTime())).toBe(true);
});

it('the running service’s sweep records its last run where every instance sees it', async () => {
  env.advance(HOUR);
  const sweepStarted = env.now();
  const enforcement = startPlanEnforcement(
    { ...env.sweepDeps, routerStreamFor: (id, path) => env.services.routerStreamForId(id, path), retryMs: 20 },
    { ...SWEEP_OPTIONS, intervalMs: 3_600_000 },
  );
  try {
    await waitFor(async () => (await lastJobRun(env.testDb.db, 'expiry_sweep')) !== undefined, 'the first sweep’s record');
  } finally {
    await enforcement.stop();
  }
  const run = await lastJobRun(env.testDb.db, 'expiry_sweep');
  expect(run).toEqual({
    job: 'expiry_sweep',
    started_at: sweepStarted,
    finished_at: sweepStarted,
    summary: JSON.stringify({ removed: 1, exhausted: 0, deferred_routers: 0 }),
  });
});
