/**
 * The running service's background reconciler: a pass every 15 s, the routers swept every 20th
 * pass (5 minutes). The runtime starts it (src/runtime.ts) and stops it, after its current pass,
 * before it closes the payment services.
 */
import type { Logger } from 'pino';
import { DEFAULT_RECONCILE_OPTIONS, failuresByCompany, startReconcileLoop, type ReconcileDeps, type ReconcileLoop } from './reconcile.js';

export const RECONCILE_INTERVAL_MS = 15_000;
export const SWEEP_EVERY_PASSES = 20;

/** Starts the loop; failures are logged, never thrown (a pass that fails is retried by the next). */
export function startServiceReconciler(deps: Omit<ReconcileDeps, 'onError'>, logger: Logger): ReconcileLoop {
  return startReconcileLoop(
    { ...deps, onError: ({ error, ...where }) => logger.warn({ err: error, ...where }, 'reconciliation deferred') },
    {
      ...DEFAULT_RECONCILE_OPTIONS,
      intervalMs: RECONCILE_INTERVAL_MS,
      sweepEvery: SWEEP_EVERY_PASSES,
      onPass: (report) => {
        if (report.failures.length > 0)
          logger.warn(
            { failures: report.failures.length, byCompany: failuresByCompany(report) },
            'reconciliation pass left failures for later',
          );
      },
      onPassError: (error) => logger.error({ err: error }, 'reconciliation pass failed'),
    },
  );
}
