/**
 * Giving a charge back when it cannot end in a working hotspot user: the router refuses the user
 * for good (its profile is gone, the name is taken by someone else's user), or an operator decides.
 *
 *   paid ──access impossible / operator──▶ refunding ──gateway refunded──▶ refunded
 *                                              └──gateway refuses the refund──▶ needs_review (a person)
 *   needs_review (refund refused) ──operator──▶ refunding
 *
 * The decision is recorded (`refund_decided_at`): news that the charge is approved (it is, until
 * the refund goes through) never pays such a sale again, so a refused refund is neither retried
 * nor turned back into access by reconciliation's re-checks; an operator settles it.
 * The state moves before the gateway is asked, so a crash anywhere after leaves `refunding`, which
 * reconciliation finishes: it reads the charge back first and asks for a refund only while the
 * charge still shows approved. Mercado Pago also dedupes the request by its idempotency key; Conekta
 * has none, so the read-back is what keeps a retry from refunding twice.
 */
import { TrapError } from '@hotspot/routeros';
import type { Db } from '../db/connection.js';
import { decideRefund, transition, type TransactionRow } from '../db/transactions.js';
import { isRouterFailure } from '../routers/failure.js';
import type { SecretBox } from '../security/secret-box.js';
import { ensureUserEnabled, removeUserOf } from './access.js';
import type { PaymentGateway } from './gateways/gateway.js';
import type { RouterExec } from './hotspot-users.js';

export interface RefundDeps {
  db: Db;
  secrets: SecretBox;
  now: () => Date;
  gatewayFor(transaction: TransactionRow): Promise<PaymentGateway>;
}

/** How a refund stands after one try: done, to be finished later (reconciliation), or left to a person. */
export type RefundResult = 'refunded' | 'deferred' | 'review';

/**
 * The attempt is not one a refund can start from: only a paid one (or one whose refund the gateway
 * refused), charged through a gateway (a voucher sold at the counter was not).
 */
export class NotRefundableError extends Error {
  constructor(
    readonly transactionId: string,
    readonly state: TransactionRow['state'],
  ) {
    super(`transaction ${transactionId} is ${state}: only an attempt paid through a gateway (or whose refund was refused) can be refunded`);
    this.name = 'NotRefundableError';
  }
}

/**
 * A paid attempt's customer gets access: the user enabled, or created again with the same
 * credentials. When the router refuses the user outright (a trap, not an outage), the charge is
 * refunded instead. @returns `granted`, or how the refund stands; router outages are thrown (retry later)
 */
export async function grantAccessOrRefund(deps: RefundDeps, exec: RouterExec, row: TransactionRow): Promise<'granted' | RefundResult> {
  try {
    await ensureUserEnabled(deps, exec, row);
    return 'granted';
  } catch (error) {
    if (!(error instanceof TrapError)) throw error;
    return refundPaid(deps, exec, row, `El router rechazó el usuario (${error.message}): se reembolsa el cobro`);
  }
}

/**
 * Decides to give a paid attempt's charge back (or to try again one the gateway refused), then does it.
 * @throws NotRefundableError when the attempt is not paid through a gateway (someone moved it first, it never was, or it is a voucher)
 */
export async function refundPaid(deps: RefundDeps, exec: RouterExec, row: TransactionRow, reason: string): Promise<RefundResult> {
  if (row.gateway === null) throw new NotRefundableError(row.id, row.state);
  const refunding = await decideRefund(deps.db, row.id, reason, deps.now());
  if (!refunding) throw new NotRefundableError(row.id, row.state);
  return finishRefund(deps, exec, refunding);
}

/**
 * Brings a `refunding` attempt to its end. The customer's user goes first (a refunded customer keeps
 * no access; a router that cannot be reached is left to the stray-user sweep), then the charge is
 * read back: already given back → recorded; still approved → refunded now.
 * @throws GatewayError when the gateway cannot be asked now
 */
export async function finishRefund(deps: RefundDeps, exec: RouterExec, row: TransactionRow): Promise<RefundResult> {
  try {
    await removeUserOf(exec, row);
  } catch (error) {
    if (!isRouterFailure(error)) throw error;
  }
  const gateway = await deps.gatewayFor(row);
  const found = await gateway.lookUp(row.id, row.charge_id ?? undefined);
  if (found.status === 'refunded') return record(deps.db, row, undefined, deps.now());
  if (found.status === 'charged_back') {
    const at = deps.now();
    const reason = 'Contracargo en la pasarela antes del reembolso';
    await transition(deps.db, row.id, ['refunding'], 'reversed', { reason, settled_at: at }, at);
    return 'refunded';
  }
  if (found.status === 'pending' || found.status === 'not_found') return 'deferred';
  const chargeId = found.chargeId ?? row.charge_id;
  if (found.status !== 'approved' || chargeId === null) return review(deps, row, `La pasarela muestra el cargo ${found.status}`);
  const outcome = await gateway.refund({ transactionId: row.id, chargeId, amountCents: row.amount_cents });
  if (outcome.kind === 'refunded') return record(deps.db, row, outcome.refundId, deps.now());
  if (outcome.kind === 'failed') return review(deps, row, `La pasarela rechazó el reembolso (${outcome.reason})`);
  return 'deferred';
}

async function record(db: Db, row: TransactionRow, refundId: string | undefined, at: Date): Promise<RefundResult> {
  await transition(db, row.id, ['refunding'], 'refunded', { refund_id: refundId ?? null, refunded_at: at, settled_at: at }, at);
  return 'refunded';
}

async function review(deps: RefundDeps, row: TransactionRow, why: string): Promise<RefundResult> {
  const at = deps.now();
  const reason = `${why}: requiere revisión`;
  await transition(deps.db, row.id, ['refunding'], 'needs_review', { reason, settled_at: at }, at);
  return 'review';
}
