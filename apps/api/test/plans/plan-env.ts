/**
 * The world of a plan-enforcement test: the purchase env (database, mock router, fake gateways,
 * router pool) on one clock the test moves, shared by the service and the router, so "an hour
 * passes" is one call; plus purchases of plans with limits, device logins, sweeps and listeners
 * wired as the runtime wires them.
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { findTransaction, type TransactionRow } from '../../src/db/transactions.js';
import { planLimits, type PlanLimitsInput } from '../../src/plans/limits.js';
import { runPurchase } from '../../src/payments/purchase.js';
import { sweepExpiredUsers, type ExpirySweepDeps, type ExpirySweepOptions } from '../../src/plans/expiry-sweep.js';
import { LoginWatchers } from '../../src/plans/login-watch.js';
import { startPurchaseEnv, type PurchaseEnv } from '../payments/env.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export interface PlanEnv extends PurchaseEnv {
  now(): Date;
  /** `ms` pass for the service and the router alike (sessions accrue uptime and end at their limits). */
  advance(ms: number): void;
  /** A paid purchase of the shop's plan with these limits; @returns its transaction and password. */
  buy(limits: PlanLimitsInput): Promise<{ tx: TransactionRow; password: string }>;
  /** A device logs in to the hotspot with a sale's credentials. */
  login(tx: TransactionRow, password: string, mac?: string): Promise<void>;
  /** The transaction as stored now. */
  reload(tx: TransactionRow): Promise<TransactionRow>;
  sweepDeps: ExpirySweepDeps;
  sweep(options?: Partial<ExpirySweepOptions>, deps?: Partial<ExpirySweepDeps>): ReturnType<typeof sweepExpiredUsers>;
  /** Login listeners wired like the runtime's (retry after 20 ms). */
  watchers(): LoginWatchers;
}

export const SWEEP_OPTIONS: ExpirySweepOptions = { retentionMs: 24 * HOUR, leaseMs: 5 * MINUTE, batchSize: 10_000 };

export async function startPlanEnv(): Promise<PlanEnv> {
  const env = await startPurchaseEnv();
  let time = env.mock.clock.now();
  const now = () => new Date(time);
  env.deps.now = now;
  const sweepDeps: ExpirySweepDeps = {
    db: env.testDb.db,
    now,
    routerExecFor: (routerId) => env.services.routerExecForId(routerId),
  };
  let macs = 0;
  return {
    ...env,
    now,
    advance(ms) {
      time += ms;
      env.mock.clock.advance(ms);
    },
    async buy(limits) {
      const order = env.order(TEST_TOKENS.approve);
      const outcome = await runPurchase(env.deps, env.exec, { ...order, product: { ...order.product, ...planLimits(limits) } });
      if (outcome.kind !== 'paid') throw new Error(`purchase ${outcome.kind}`);
      return { tx: outcome.transaction, password: outcome.credentials.password };
    },
    async login(tx, password, mac = `AA:BB:CC:00:00:${String(++macs).padStart(2, '0')}`) {
      await env.exec('/ip/hotspot/active/login', { user: tx.hotspot_username, password, 'mac-address': mac, ip: '10.5.50.9' });
    },
    async reload(tx) {
      const row = await findTransaction(env.testDb.db, tx.id);
      if (!row) throw new Error(`transaction ${tx.id} is gone`);
      return row;
    },
    sweepDeps,
    sweep: (options = {}, deps = {}) => sweepExpiredUsers({ ...sweepDeps, ...deps }, { ...SWEEP_OPTIONS, ...options }),
    watchers: () =>
      new LoginWatchers({
        db: env.testDb.db,
        now,
        routerExecFor: (routerId) => env.services.routerExecForId(routerId),
        routerStreamFor: (routerId, path) => env.services.routerStreamForId(routerId, path),
        retryMs: 20,
      }),
  };
}
