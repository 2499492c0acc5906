/**
 * The background reconciler of a running service: started once the app listens (an app that only
 * answers injected requests never starts it), stopped after its current pass by the returned function.
 * The portal routes register it, so `npm start` and `npm run demo` reconcile on their own.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { DEFAULT_RECONCILE_OPTIONS, startReconcileLoop, type ReconcileLoop } from './reconcile.js';
import { reconcileDepsFor } from './reconcile-deps.js';
import type { PaymentServices } from './services.js';

/** Every 15 s; the routers are swept every 20th pass (5 minutes). */
export const RECONCILE_INTERVAL_MS = 15_000;
export const SWEEP_EVERY_PASSES = 20;

/** Registers the loop's start; @returns what stops it (the caller does so before closing `services`). */
export function registerReconcileLoop(app: FastifyInstance, ctx: AppContext, services: PaymentServices): () => Promise<void> {
  const deps = {
    ...reconcileDepsFor(ctx, services),
    onError: (transactionId: string, error: unknown) => app.log.warn({ err: error, transactionId }, 'reconciliation deferred'),
  };
  let loop: ReconcileLoop | undefined;
  app.addHook('onListen', async () => {
    loop ??= startReconcileLoop(deps, {
      ...DEFAULT_RECONCILE_OPTIONS,
      intervalMs: RECONCILE_INTERVAL_MS,
      sweepEvery: SWEEP_EVERY_PASSES,
      onPassError: (error) => app.log.error({ err: error }, 'reconciliation pass failed'),
    });
  });
  return async () => {
    await loop?.stop();
  };
}
