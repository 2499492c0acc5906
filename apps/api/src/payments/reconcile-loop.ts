/**
 * The background reconciler as an app module: started when the app is ready, stopped (after its
 * current pass) when the app closes. main.ts passes it to buildApp through `extraRoutes`; tests leave
 * it out and run passes themselves.
 */
import type { RouteModule } from '../http/context.js';
import { DEFAULT_RECONCILE_OPTIONS, startReconcileLoop, type ReconcileLoop } from './reconcile.js';
import { reconcileDepsFor } from './reconcile-deps.js';
import { createPaymentServices } from './services.js';

/** Every 15 s; the routers are swept every 20th pass (5 minutes). */
export const RECONCILE_INTERVAL_MS = 15_000;
export const SWEEP_EVERY_PASSES = 20;

export const reconcileLoopModule: RouteModule = (app, ctx) => {
  const services = createPaymentServices(ctx);
  const deps = {
    ...reconcileDepsFor(ctx, services),
    onError: (transactionId: string, error: unknown) => app.log.warn({ err: error, transactionId }, 'reconciliation deferred'),
  };
  let loop: ReconcileLoop | undefined;
  app.addHook('onReady', async () => {
    loop = startReconcileLoop(deps, {
      ...DEFAULT_RECONCILE_OPTIONS,
      intervalMs: RECONCILE_INTERVAL_MS,
      sweepEvery: SWEEP_EVERY_PASSES,
      onPassError: (error) => app.log.error({ err: error }, 'reconciliation pass failed'),
    });
  });
  app.addHook('onClose', async () => {
    await loop?.stop();
    await services.close();
  });
};
