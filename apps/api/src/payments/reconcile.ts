/**
 * Reconciliation: settles every purchase attempt the purchase itself could not finish (outcome
 * unknown, or the process died between steps) by asking the gateway, never by guessing:
 * paid → the hotspot user is enabled (created again if it vanished); not paid → the user is removed.
 * Then it sweeps the routers for users whose comment names a transaction that did not end paid.
 *
 * Idempotent, and safe with several instances: a row is worked on only under a lease taken by a
 * conditional update (see claimUnsettled), every state change is conditional on the state read,
 * and every router action (enable, remove) can be repeated without harm.
 */
import type { Db } from '../db/connection.js';
import {
  claimUnsettled,
  markSettled,
  purgeExpiredKeys,
  releaseClaim,
  routersWithTransactions,
  setRouterUserId,
  statesOf,
  tryTransition,
  type TransaccionRow,
} from '../db/transactions.js';
import type { SecretBox } from '../security/secret-box.js';
import { GatewayError, type ChargeLookup, type PaymentGateway } from './gateways/gateway.js';
import {
  addHotspotUser,
  commentFor,
  findHotspotUser,
  listServiceUsers,
  removeHotspotUser,
  setHotspotUserEnabled,
  type RouterExec,
} from './hotspot-users.js';
import { isRouterFailure } from '../routers/failure.js';
import { GatewayNotConfiguredError, RecordGoneError } from './services.js';

export interface ReconcileDeps {
  db: Db;
  secrets: SecretBox;
  now: () => Date;
  gatewayFor(transaction: TransaccionRow): Promise<PaymentGateway>;
  routerExecFor(routerId: string): Promise<RouterExec>;
  /** Told about each attempt that could not be settled this time (it is retried later). */
  onError?: (transactionId: string, error: unknown) => void;
}

export interface ReconcileOptions {
  /** An `unresolved` attempt is first asked about this long after its purchase gave up (the gateway gets a moment to settle). */
  unresolvedAfterMs: number;
  /** An unsettled attempt untouched this long is presumed abandoned (its process died). Must exceed a purchase's longest run. */
  staleAfterMs: number;
  /** How long a claim protects a row from other reconcilers. */
  leaseMs: number;
  /** When the gateway cannot answer yet (pending, down), ask again after this long. */
  retryAfterMs: number;
  /** Rows claimed per round. */
  batchSize: number;
}

export const DEFAULT_RECONCILE_OPTIONS: ReconcileOptions = {
  unresolvedAfterMs: 10_000,
  staleAfterMs: 120_000,
  leaseMs: 60_000,
  retryAfterMs: 30_000,
  batchSize: 50,
};

/** What one pass did. */
export interface ReconcileReport {
  paid: string[];
  notPaid: string[];
  /** Rows with nothing to ask the gateway (router failures, clean-ups) now settled. */
  cleanedUp: string[];
  /** Rows left for later (gateway pending or unreachable, router unreachable). */
  deferred: string[];
  /** Hotspot users removed by the sweep. */
  strayUsersRemoved: number;
  /** Expired Idempotency-Key answers and webhook notifications forgotten by the sweep. */
  expiredRecordsPurged: number;
}

/** How long an Idempotency-Key answer is kept (a portal retries within minutes). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;
/** How long a handled webhook notification is remembered (Mercado Pago retries for up to days). */
export const WEBHOOK_EVENT_TTL_MS = 30 * 24 * 3600_000;

export type Settlement = 'paid' | 'not-paid' | 'cleaned-up' | 'deferred';
const REPORT_FIELD = { paid: 'paid', 'not-paid': 'notPaid', 'cleaned-up': 'cleanedUp', deferred: 'deferred' } as const;

/** Settles every claimable attempt, then (when `sweep`) removes stray users and forgets expired keys and notifications. */
export async function reconcileOnce(deps: ReconcileDeps, options: ReconcileOptions, sweep = true): Promise<ReconcileReport> {
  const report: ReconcileReport = { paid: [], notPaid: [], cleanedUp: [], deferred: [], strayUsersRemoved: 0, expiredRecordsPurged: 0 };
  const retryAt = () => new Date(deps.now().getTime() + options.retryAfterMs);
  // Each row at most once per pass: a deferred row may become claimable again before the pass ends.
  const seen = new Set<string>();
  for (;;) {
    const now = deps.now();
    const rows = await claimUnsettled(deps.db, {
      now,
      unresolvedBefore: new Date(now.getTime() - options.unresolvedAfterMs),
      staleBefore: new Date(now.getTime() - options.staleAfterMs),
      leaseUntil: new Date(now.getTime() + options.leaseMs),
      limit: options.batchSize,
    });
    const fresh = rows.filter((row) => !seen.has(row.id));
    for (const row of rows) if (seen.has(row.id)) await releaseClaim(deps.db, row.id, retryAt());
    if (fresh.length === 0) break;
    for (const row of fresh) {
      seen.add(row.id);
      let result: Settlement;
      try {
        result = await settle(deps, row);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        deps.onError?.(row.id, error);
        result = 'deferred';
      }
      if (result === 'deferred') await releaseClaim(deps.db, row.id, retryAt());
      report[REPORT_FIELD[result]].push(row.id);
    }
  }
  if (sweep) {
    report.strayUsersRemoved = await sweepStrayUsers(deps);
    const now = deps.now().getTime();
    report.expiredRecordsPurged = await purgeExpiredKeys(
      deps.db,
      new Date(now - IDEMPOTENCY_KEY_TTL_MS),
      new Date(now - WEBHOOK_EVENT_TTL_MS),
    );
  }
  return report;
}

function isRetryable(error: unknown): boolean {
  return (
    isRouterFailure(error) ||
    error instanceof GatewayError ||
    error instanceof GatewayNotConfiguredError ||
    error instanceof RecordGoneError
  );
}

async function settle(deps: ReconcileDeps, row: TransaccionRow): Promise<Settlement> {
  const { db, now } = deps;
  const exec = await deps.routerExecFor(row.router_id);
  switch (row.estado) {
    case 'pending': {
      // No charge was ever sent; the add may or may not have happened.
      await removeUserOf(exec, row);
      const at = now();
      await tryTransition(
        db,
        row.id,
        ['pending'],
        'router_failed',
        { motivo: 'Interrumpida antes de confirmar el usuario', liquidado_en: at },
        at,
      );
      return 'cleaned-up';
    }
    // Not paid: the user goes if it is there (for router_failed, the add may have happened after all).
    case 'router_failed':
    case 'declined':
    case 'reversed':
      await removeUserOf(exec, row);
      await markSettled(db, row.id, row.estado, now());
      return 'cleaned-up';
    case 'paid':
      await ensureUserEnabled(deps, exec, row);
      await markSettled(db, row.id, 'paid', now());
      return 'cleaned-up';
    case 'user_created':
    case 'unresolved': {
      const gateway = await deps.gatewayFor(row);
      return applyChargeStatus(deps, exec, row, await gateway.lookUp(row.id, row.cargo_id ?? undefined));
    }
  }
}

/**
 * Brings an attempt in line with what the gateway says about its charge (reconciliation, and the
 * Mercado Pago webhook): approved → user enabled, paid; pending → user disabled, ask again later;
 * anything else → user removed, declined. A paid attempt refunded or charged back is reversed.
 */
export async function applyChargeStatus(
  deps: ReconcileDeps,
  exec: RouterExec,
  row: TransaccionRow,
  found: ChargeLookup,
): Promise<Settlement> {
  const { db, now } = deps;
  const cargo = found.chargeId ?? row.cargo_id;
  if (row.estado === 'paid') {
    if (found.status !== 'refunded' && found.status !== 'charged_back') return 'cleaned-up';
    await removeUserOf(exec, row);
    const at = now();
    await tryTransition(db, row.id, ['paid'], 'reversed', { motivo: `Pago ${found.status} en la pasarela`, liquidado_en: at }, at);
    return 'not-paid';
  }
  if (row.estado !== 'user_created' && row.estado !== 'unresolved') return 'cleaned-up';
  if (found.status === 'approved') {
    await ensureUserEnabled(deps, exec, row);
    const at = now();
    await tryTransition(
      db,
      row.id,
      ['user_created', 'unresolved'],
      'paid',
      { cargo_id: cargo, pagado_en: at, liquidado_en: at, motivo: null },
      at,
    );
    return 'paid';
  }
  if (found.status === 'pending') {
    if (row.estado === 'user_created') {
      if (row.router_user_id) await setHotspotUserEnabled(exec, row.router_user_id, false);
      await tryTransition(db, row.id, ['user_created'], 'unresolved', { cargo_id: cargo, motivo: 'Pago pendiente en la pasarela' }, now());
    }
    return 'deferred';
  }
  await removeUserOf(exec, row);
  const at = now();
  const motivo = found.status === 'not_found' ? 'La pasarela no registró el cargo' : `Pago ${found.status} en la pasarela`;
  await tryTransition(db, row.id, ['user_created', 'unresolved'], 'declined', { cargo_id: cargo, motivo, liquidado_en: at }, at);
  return 'not-paid';
}

/** Removes the transaction's hotspot user if it is on the router (found by name, checked by comment). */
async function removeUserOf(exec: RouterExec, row: TransaccionRow): Promise<void> {
  const user = await findHotspotUser(exec, row.hotspot_usuario);
  if (user && user.comment === commentFor(row.id)) await removeHotspotUser(exec, user.id);
}

/** A paid customer must have access: enable the user, or create it again with the same credentials. */
async function ensureUserEnabled(deps: ReconcileDeps, exec: RouterExec, row: TransaccionRow): Promise<void> {
  const user = await findHotspotUser(exec, row.hotspot_usuario);
  if (user && user.comment === commentFor(row.id)) {
    if (user.disabled) await setHotspotUserEnabled(exec, user.id, true);
    return;
  }
  const id = await addHotspotUser(exec, {
    name: row.hotspot_usuario,
    password: deps.secrets.open(row.hotspot_password_sealed),
    profile: row.perfil_mikrotik,
    transactionId: row.id,
  });
  await setRouterUserId(deps.db, row.id, id, deps.now());
}

/**
 * Removes the service's users (recognised by their comment) whose transaction is settled and not
 * paid, or unknown. Unsettled ones are left to `settle`: their purchase may still be running.
 */
export async function sweepStrayUsers(deps: ReconcileDeps): Promise<number> {
  let removed = 0;
  for (const routerId of await routersWithTransactions(deps.db)) {
    try {
      const exec = await deps.routerExecFor(routerId);
      const users = await listServiceUsers(exec);
      const states = await statesOf(deps.db, [...new Set(users.map((u) => u.transactionId))]);
      for (const user of users) {
        const state = states.get(user.transactionId);
        if (state && (!state.settled || state.estado === 'paid')) continue;
        await removeHotspotUser(exec, user.id);
        removed++;
      }
    } catch (error) {
      if (!isRetryable(error)) throw error;
      deps.onError?.(routerId, error);
    }
  }
  return removed;
}

/** A running background reconciler. */
export interface ReconcileLoop {
  /** Stops the loop after the current pass. */
  stop(): Promise<void>;
}

/**
 * Runs `reconcileOnce` every `intervalMs` (never two passes at once), sweeping the routers every
 * `sweepEvery` passes. A pass that fails is reported and the loop goes on.
 */
export function startReconcileLoop(
  deps: ReconcileDeps,
  options: ReconcileOptions & { intervalMs: number; sweepEvery: number; onPassError?: (error: unknown) => void },
): ReconcileLoop {
  let stopped = false;
  let passes = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = reconcileOnce(deps, options, passes++ % options.sweepEvery === 0)
        .then(
          () => undefined,
          (error: unknown) => options.onPassError?.(error),
        )
        .finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
