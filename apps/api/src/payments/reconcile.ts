/**
 * Reconciliation: settles every purchase attempt the purchase itself could not finish (outcome
 * unknown, or the process died between steps) by asking the gateway, never by guessing:
 * paid → the hotspot user is enabled (created again if it vanished), or the charge refunded when
 * the router refuses the user for good (src/payments/refund.ts); not paid → the user is removed.
 * Attempts that ended not paid are asked about again for a while (a gateway can approve a declined
 * charge later). Then it finishes voucher batches a crash or a router drop left `creating`, and
 * sweeps the routers for users whose comment names a transaction that did not end paid.
 *
 * Idempotent, and safe with several instances: a row is worked on only under a lease taken by a
 * conditional update (see claimUnsettled), every state change is conditional on the state read,
 * and every router action (enable, remove) can be repeated without harm.
 */
import type { Db } from '../db/connection.js';
import { purgeIdempotencyKeys } from '../db/idempotency-keys.js';
import { purgeWebhookEvents } from '../db/webhook-events.js';
import {
  claimRechecks,
  claimUnsettled,
  finishRecheck,
  markSettled,
  releaseClaim,
  routersWithTransactions,
  statesOf,
  tryMarkPaid,
  tryTransition,
  type TransactionRow,
} from '../db/transactions.js';
import type { SecretBox } from '../security/secret-box.js';
import { removeUserOf } from './access.js';
import type { ChargeLookup, PaymentGateway } from './gateways/gateway.js';
import { routersWithVouchers, unsoldVoucherIds } from '../db/vouchers.js';
import { resumeStalledBatches } from '../vouchers/batch.js';
import { listServiceUsers, removeHotspotUser, setHotspotUserEnabled, type RouterExec } from './hotspot-users.js';
import { finishRefund, grantAccessOrRefund, type RefundResult } from './refund.js';

export interface ReconcileDeps {
  db: Db;
  secrets: SecretBox;
  now: () => Date;
  gatewayFor(transaction: TransactionRow): Promise<PaymentGateway>;
  routerExecFor(routerId: string): Promise<RouterExec>;
  /** Told once, by whoever moved it there, that an attempt became paid (the cash flow e-mails the credentials). */
  onPaid?: (transaction: TransactionRow) => Promise<void>;
  /** Told about each attempt (or, in the sweep, router) that could not be settled this time; it is retried later. */
  onError?: (failure: ReconcileFailure) => void;
}

/** One attempt, or one router's sweep, that failed this pass (whatever the error: it never stops the others). */
export interface ReconcileFailure {
  transactionId?: string;
  companyId?: string;
  routerId: string;
  error: unknown;
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
  /** A cash reference still unpaid is asked about again after this long (notifications are the fast path); 5 min by default. */
  cashRetryAfterMs?: number;
  /** Rows claimed per round. */
  batchSize: number;
  /**
   * Look-ups that may find no charge before the attempt goes to `needs_review` (a person): a
   * gateway's search can miss a charge it has not indexed yet, so "not found" is never final at once.
   */
  lookupMissesBeforeReview: number;
  /**
   * An attempt that ended declined, in review or expired is looked up again this long after it
   * settled, then after twice as long, and so on (a gateway can approve a declined charge later)...
   */
  recheckFirstAfterMs: number;
  /** ...until this long after it settled. 0 turns the re-checks off. */
  recheckWindowMs: number;
}

/** Conekta notifies a cash payment within 10 minutes; the look-up is the safety net, not the fast path. */
const CASH_RETRY_AFTER_MS = 300_000;

/** With the default retry delay, the gateway gets about two and a half minutes to show a charge. */
export const LOOKUP_MISSES_BEFORE_REVIEW = 5;

export const DEFAULT_RECONCILE_OPTIONS: ReconcileOptions = {
  unresolvedAfterMs: 10_000,
  staleAfterMs: 120_000,
  leaseMs: 60_000,
  retryAfterMs: 30_000,
  batchSize: 50,
  lookupMissesBeforeReview: LOOKUP_MISSES_BEFORE_REVIEW,
  // 1, 2, 4 … 1024 minutes after it settled: 11 look-ups per attempt within the day.
  recheckFirstAfterMs: 60_000,
  recheckWindowMs: 24 * 3600_000,
};

/** What one pass did. */
export interface ReconcileReport {
  paid: string[];
  notPaid: string[];
  /** Rows with nothing to ask the gateway (router failures, clean-ups) now settled. */
  cleanedUp: string[];
  /** Paid attempts whose customer could not get access, given back at the gateway. */
  refunded: string[];
  /** Attempts that ended not paid, looked up again (those the gateway now shows approved are in `paid` too). */
  rechecked: string[];
  /** Rows left for later (gateway pending or unreachable, router unreachable). */
  deferred: string[];
  /** Voucher batches left `creating` (a crash, a router drop) that the sweep finished. */
  batchesResumed: string[];
  /** Hotspot users removed by the sweep. */
  strayUsersRemoved: number;
  /** Expired Idempotency-Key answers and webhook notifications forgotten by the sweep. */
  expiredRecordsPurged: number;
  /** What failed (also in `deferred`, or a router whose sweep failed), to be retried by a later pass. */
  failures: ReconcileFailure[];
}

/** How long an Idempotency-Key answer is kept (a portal retries within minutes). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;
/** How long a handled webhook notification is remembered (Mercado Pago retries for up to days). */
export const WEBHOOK_EVENT_TTL_MS = 30 * 24 * 3600_000;

export type Settlement = 'paid' | 'not-paid' | 'cleaned-up' | 'deferred' | 'refunded';
const REPORT_FIELD = {
  paid: 'paid',
  'not-paid': 'notPaid',
  'cleaned-up': 'cleanedUp',
  deferred: 'deferred',
  refunded: 'refunded',
} as const;

/**
 * Settles every claimable attempt, then (when `sweep`) finishes stalled voucher batches, removes
 * stray users and forgets expired keys and notifications.
 */
export async function reconcileOnce(deps: ReconcileDeps, options: ReconcileOptions, sweep = true): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    paid: [],
    notPaid: [],
    cleanedUp: [],
    refunded: [],
    rechecked: [],
    deferred: [],
    batchesResumed: [],
    strayUsersRemoved: 0,
    expiredRecordsPurged: 0,
    failures: [],
  };
  const fail = (failure: ReconcileFailure) => {
    report.failures.push(failure);
    deps.onError?.(failure);
  };
  const retryAt = (row?: TransactionRow) =>
    new Date(
      deps.now().getTime() + (row?.state === 'awaiting_payment' ? (options.cashRetryAfterMs ?? CASH_RETRY_AFTER_MS) : options.retryAfterMs),
    );
  const claim = (now: Date) =>
    claimUnsettled(deps.db, {
      now,
      unresolvedBefore: new Date(now.getTime() - options.unresolvedAfterMs),
      staleBefore: new Date(now.getTime() - options.staleAfterMs),
      leaseUntil: new Date(now.getTime() + options.leaseMs),
      limit: options.batchSize,
    });
  await eachClaimedOnce(
    deps,
    claim,
    () => retryAt(),
    async (row) => {
      let result: Settlement;
      try {
        result = await settle(deps, row, options);
      } catch (error) {
        // Whatever it is (a gateway down, an empresa whose sealed key no longer opens, a bug), it is
        // this attempt's: the others go on, and this one is asked about again later.
        fail({ transactionId: row.id, companyId: row.empresa_id, routerId: row.router_id, error });
        result = 'deferred';
      }
      if (result === 'deferred') await releaseClaim(deps.db, row.id, retryAt(row));
      report[REPORT_FIELD[result]].push(row.id);
    },
  );
  await recheckSettled(deps, options, report, fail);
  if (sweep) {
    report.batchesResumed = await resumeStalledBatches(deps, (batch, error) =>
      fail({ companyId: batch.empresa_id, routerId: batch.router_id, error }),
    );
    report.strayUsersRemoved = await sweepStrayUsers(deps, fail);
    const now = deps.now();
    report.expiredRecordsPurged =
      (await purgeIdempotencyKeys(deps.db, new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS), now)) +
      (await purgeWebhookEvents(deps.db, new Date(now.getTime() - WEBHOOK_EVENT_TTL_MS)));
  }
  return report;
}

/**
 * Looks up again the attempts that ended declined, in review or expired within the re-check window,
 * each on its backoff (see ReconcileOptions.recheckFirstAfterMs): an approval pays it like any news.
 */
async function recheckSettled(
  deps: ReconcileDeps,
  options: ReconcileOptions,
  report: ReconcileReport,
  fail: (failure: ReconcileFailure) => void,
): Promise<void> {
  if (options.recheckWindowMs <= 0) return;
  const claim = (now: Date) =>
    claimRechecks(deps.db, {
      now,
      settledSince: new Date(now.getTime() - options.recheckWindowMs),
      firstAfterMs: options.recheckFirstAfterMs,
      leaseUntil: new Date(now.getTime() + options.leaseMs),
      limit: options.batchSize,
    });
  await eachClaimedOnce(
    deps,
    claim,
    () => null,
    async (row) => {
      try {
        const gateway = await deps.gatewayFor(row);
        const found = await gateway.lookUp(row.id, row.charge_id ?? undefined);
        report.rechecked.push(row.id);
        if (found.status === 'approved') {
          const result = await applyChargeStatus(deps, await deps.routerExecFor(row.router_id), row, found);
          report[REPORT_FIELD[result]].push(row.id);
        }
      } catch (error) {
        fail({ transactionId: row.id, companyId: row.empresa_id, routerId: row.router_id, error });
      } finally {
        // Counted either way: a gateway that keeps failing is asked on the same backoff, and the window still ends.
        await finishRecheck(deps.db, row.id);
      }
    },
  );
}

/**
 * Claims batches until a batch holds no new row, handing each row to `work` once per pass: a row
 * may be claimable again before the pass ends (deferred with no delay); such a row is released
 * until `releaseAt()` and waits for a later pass.
 */
async function eachClaimedOnce(
  deps: ReconcileDeps,
  claim: (now: Date) => Promise<TransactionRow[]>,
  releaseAt: () => Date | null,
  work: (row: TransactionRow) => Promise<void>,
): Promise<void> {
  const seen = new Set<string>();
  for (;;) {
    const rows = await claim(deps.now());
    for (const row of rows) if (seen.has(row.id)) await releaseClaim(deps.db, row.id, releaseAt());
    const fresh = rows.filter((row) => !seen.has(row.id));
    if (fresh.length === 0) return;
    for (const row of fresh) {
      seen.add(row.id);
      await work(row);
    }
  }
}

/** A refund's state as a pass reports it (one left to a person did not end paid). */
const REFUND_SETTLEMENT: Record<RefundResult, Settlement> = { refunded: 'refunded', review: 'not-paid', deferred: 'deferred' };

async function settle(deps: ReconcileDeps, row: TransactionRow, options: ReconcileOptions): Promise<Settlement> {
  const { db, now } = deps;
  const exec = await deps.routerExecFor(row.router_id);
  switch (row.state) {
    case 'pending': {
      // No charge was ever sent; the add may or may not have happened.
      await removeUserOf(exec, row);
      const at = now();
      await tryTransition(
        db,
        row.id,
        ['pending'],
        'router_failed',
        { reason: 'Interrumpida antes de confirmar el usuario', settled_at: at },
        at,
      );
      return 'cleaned-up';
    }
    // Not paid: the user goes if it is there (for router_failed, the add may have happened after all).
    case 'router_failed':
    case 'declined':
    case 'reversed':
      await removeUserOf(exec, row);
      await markSettled(db, row.id, row.state, now());
      return 'cleaned-up';
    case 'paid': {
      const access = await grantAccessOrRefund(deps, exec, row);
      if (access !== 'granted') return REFUND_SETTLEMENT[access];
      await markSettled(db, row.id, 'paid', now());
      return 'cleaned-up';
    }
    case 'refunding':
      return REFUND_SETTLEMENT[await finishRefund(deps, exec, row)];
    case 'needs_review':
    case 'expired':
    case 'refunded':
      return 'cleaned-up';
    case 'awaiting_payment':
    case 'user_created':
    case 'unresolved': {
      const gateway = await deps.gatewayFor(row);
      return applyChargeStatus(deps, exec, row, await gateway.lookUp(row.id, row.charge_id ?? undefined), options.lookupMissesBeforeReview);
    }
  }
}

/** Attempts whose charge may still be found: the purchase did not finish, or a charge never showed up. */
const OPEN: readonly TransactionRow['state'][] = ['user_created', 'unresolved'];
/** Attempts that ended not paid, but that an approved charge still pays (a cash reference paid just before it ran out, notified late). */
const PAYABLE_LATE: readonly TransactionRow['state'][] = ['declined', 'needs_review', 'expired'];
/** Everything an approval moves to `paid`: open card attempts, cash awaiting its money, and the late ones. */
const PAYABLE: readonly TransactionRow['state'][] = ['awaiting_payment', ...OPEN, ...PAYABLE_LATE];

/**
 * Brings an attempt in line with what the gateway says about its charge (reconciliation, and the
 * Mercado Pago webhook): approved → user enabled, paid; pending → user disabled, ask again later;
 * not found → ask again later, up to `missesBeforeReview` times, then `needs_review` (a person);
 * anything else → user removed, declined. A paid attempt refunded or charged back is reversed.
 *
 * An approval that arrives after a decline (or a review) wins, whatever the order of the news:
 * the customer paid, so the user is created again with the same credentials (estado-pago then
 * shows them): the customer came for the access. Only when the router refuses that user for good
 * is the charge refunded instead (src/payments/refund.ts). A sale whose refund was decided is
 * never paid again: in review after the gateway refused the refund, it waits for a person.
 */
export async function applyChargeStatus(
  deps: ReconcileDeps,
  exec: RouterExec,
  row: TransactionRow,
  found: ChargeLookup,
  missesBeforeReview = LOOKUP_MISSES_BEFORE_REVIEW,
): Promise<Settlement> {
  const { db, now } = deps;
  const chargeId = found.chargeId ?? row.charge_id;
  if (row.state === 'paid') {
    if (found.status !== 'refunded' && found.status !== 'charged_back') return 'cleaned-up';
    await removeUserOf(exec, row);
    const at = now();
    await tryTransition(db, row.id, ['paid'], 'reversed', { reason: `Pago ${found.status} en la pasarela`, settled_at: at }, at);
    return 'not-paid';
  }
  if (found.status === 'approved' && PAYABLE.includes(row.state)) {
    // The state first, unsettled: a purchase still removing the user then sees it paid and puts the
    // user back; of two settlers racing (a notification and reconciliation), only one moves it.
    const at = now();
    // A plan bought in cash starts its validity from the purchase when it is paid (see issueCashPayment).
    const startsNow = row.expires_at === null && row.validity_start === 'purchase' && row.validity_seconds !== null;
    const expires_at = startsNow ? new Date(at.getTime() + row.validity_seconds! * 1000) : row.expires_at;
    const fields = { charge_id: chargeId, paid_at: at, settled_at: null, reason: null, expires_at };
    if (!(await tryMarkPaid(db, row.id, PAYABLE, fields, at))) return 'cleaned-up';
    const paid: TransactionRow = { ...row, ...fields, state: 'paid' };
    const access = await grantAccessOrRefund(deps, exec, paid);
    if (access !== 'granted') return REFUND_SETTLEMENT[access];
    await markSettled(db, row.id, 'paid', now());
    try {
      await deps.onPaid?.(paid);
    } catch (error) {
      // The money and the access are settled; an e-mail that did not go is reported, and estado-pago still shows the credentials.
      deps.onError?.({ transactionId: row.id, companyId: row.empresa_id, routerId: row.router_id, error });
    }
    return 'paid';
  }
  if (row.state === 'awaiting_payment') return settleUnpaidCash(deps, row, found, chargeId);
  if (!OPEN.includes(row.state)) return 'cleaned-up';
  if (found.status === 'pending' || (found.status === 'not_found' && row.lookup_misses + 1 < missesBeforeReview)) {
    const misses = found.status === 'not_found' ? row.lookup_misses + 1 : row.lookup_misses;
    if (row.state === 'user_created' && row.router_user_id) await setHotspotUserEnabled(exec, row.router_user_id, false);
    const reason = found.status === 'pending' ? 'Pago pendiente en la pasarela' : 'La pasarela aún no muestra el cargo';
    await tryTransition(db, row.id, OPEN, 'unresolved', { charge_id: chargeId, reason, lookup_misses: misses }, now());
    return 'deferred';
  }
  await removeUserOf(exec, row);
  const at = now();
  if (found.status === 'not_found') {
    const reason = `La pasarela no mostró el cargo tras ${missesBeforeReview} consultas: requiere revisión`;
    await tryTransition(db, row.id, OPEN, 'needs_review', { reason, lookup_misses: row.lookup_misses + 1, settled_at: at }, at);
    return 'not-paid';
  }
  await tryTransition(
    db,
    row.id,
    OPEN,
    'declined',
    { charge_id: chargeId, reason: `Pago ${found.status} en la pasarela`, settled_at: at },
    at,
  );
  return 'not-paid';
}

/**
 * A cash reference not (yet) paid: nothing is on the router, so only the state moves. Still
 * pending, or not found before its expiry → ask again later; expired, cancelled, or not found after
 * its expiry (never issued) → `expired`.
 */
async function settleUnpaidCash(
  deps: ReconcileDeps,
  row: TransactionRow,
  found: ChargeLookup,
  chargeId: string | null,
): Promise<Settlement> {
  const at = deps.now();
  const running = row.payment_expires_at === null || at < row.payment_expires_at;
  if (found.status === 'pending' || (found.status === 'not_found' && running)) {
    if (chargeId !== row.charge_id)
      await tryTransition(deps.db, row.id, ['awaiting_payment'], 'awaiting_payment', { charge_id: chargeId }, at);
    return 'deferred';
  }
  const reason = found.status === 'not_found' ? 'La referencia no aparece en la pasarela y ya venció' : 'La referencia venció sin pago';
  await tryTransition(deps.db, row.id, ['awaiting_payment'], 'expired', { charge_id: chargeId, reason, settled_at: at }, at);
  return 'not-paid';
}

/**
 * Removes the service's users (recognised by their comment) whose transaction is settled and not
 * paid, or unknown, unless they are an unsold voucher's (or one its batch is still making); a
 * revoked voucher's user left behind goes too. Unsettled ones are left to `settle`: their purchase
 * may still be running.
 */
export async function sweepStrayUsers(deps: ReconcileDeps, fail: (failure: ReconcileFailure) => void): Promise<number> {
  let removed = 0;
  const routers = new Set([...(await routersWithTransactions(deps.db)), ...(await routersWithVouchers(deps.db))]);
  for (const routerId of routers) {
    try {
      const exec = await deps.routerExecFor(routerId);
      const users = await listServiceUsers(exec);
      const ids = [...new Set(users.map((u) => u.transactionId))];
      const [states, unsoldVouchers] = await Promise.all([statesOf(deps.db, ids), unsoldVoucherIds(deps.db, ids)]);
      for (const user of users) {
        const state = states.get(user.transactionId);
        if (state && (!state.settled || state.state === 'paid')) continue;
        if (unsoldVouchers.has(user.transactionId)) continue;
        await removeHotspotUser(exec, user.id);
        removed++;
      }
    } catch (error) {
      fail({ routerId, error });
    }
  }
  return removed;
}

/** How many failures each empresa had in a pass (`-` for a router's sweep, which belongs to no one attempt). */
export function failuresByCompany(report: ReconcileReport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const failure of report.failures) {
    const company = failure.companyId ?? '-';
    counts[company] = (counts[company] ?? 0) + 1;
  }
  return counts;
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
  options: ReconcileOptions & {
    intervalMs: number;
    sweepEvery: number;
    onPass?: (report: ReconcileReport) => void;
    onPassError?: (error: unknown) => void;
  },
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
          (report) => options.onPass?.(report),
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
