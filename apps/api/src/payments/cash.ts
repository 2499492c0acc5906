/**
 * A cash sale: a convenience-store reference (Conekta `cash`, Mercado Pago `oxxo`) issued now,
 * paid later or never.
 *
 *   awaiting_payment ──gateway says approved──▶ paid (user created then, with the plan's profile)
 *          └──gateway says expired / cancelled──▶ expired (nothing on the router)
 *
 * Nothing touches the router until the money is there. The news of a payment (a notification, or
 * reconciliation's look-up) is always the gateway's answer to a look-up, applied by
 * `applyChargeStatus`: its conditional move out of `awaiting_payment` lets exactly one of any
 * racing settlers create the user.
 */
import type { Db } from '../db/connection.js';
import { findTransaction, insertTransaction, transition, type TransactionRow } from '../db/transactions.js';
import type { SecretBox } from '../security/secret-box.js';
import { generateCredentials } from './credentials.js';
import { newTransactionId, type SaleOrder, saleRecord, TransactionMissingError } from './purchase.js';

/** How long a cash reference stays payable unless the empresa asks otherwise (Mercado Pago's default is 3 days). */
export const CASH_VALIDITY_MS = 3 * 24 * 3600_000;

export interface CashDeps {
  db: Db;
  secrets: SecretBox;
  now: () => Date;
}

/** A plan bought with cash. The price comes from the plan, never from the client. */
export interface CashOrder extends SaleOrder {
  /** The e-mail is optional for cash: the credentials are also on estado-pago. */
  customer: { name: string; email?: string | undefined; phone?: string | undefined };
  validityMs?: number;
  /** The id to record the attempt under (an Idempotency-Key claim chose it); a new one when absent. */
  transactionId?: string | undefined;
}

/**
 * How issuing ended: `issued` with the reference; `unknown` (the gateway did not answer: the row
 * waits and reconciliation finds the reference by our transaction id); `failed` (no reference).
 */
export type CashIssue =
  | { kind: 'issued'; transaction: TransactionRow }
  | { kind: 'unknown'; transaction: TransactionRow; reason: string }
  | { kind: 'failed'; transaction: TransactionRow; reason: string };

/** Records the attempt, then asks the gateway for a reference. Credentials are chosen now and sealed; the user comes with the money. */
export async function issueCashPayment(deps: CashDeps, order: CashOrder): Promise<CashIssue> {
  const { db, secrets, now } = deps;
  const id = order.transactionId ?? newTransactionId();
  const credentials = generateCredentials(order.userKind);
  const expiresAt = new Date(now().getTime() + (order.validityMs ?? CASH_VALIDITY_MS));
  await insertTransaction(
    db,
    // The plan's limits go on the router when the money arrives, and its validity starts then.
    { ...saleRecord(order, id, credentials, secrets, null), channel: 'cash', payment_expires_at: expiresAt },
    now(),
    'awaiting_payment',
  );
  const issued = await order.gateway.issueCash({
    transactionId: id,
    amountCents: order.product.price_cents,
    currency: order.product.moneda,
    description: order.product.nombre_venta,
    // Both gateways want an address; the gateway's receipt is not sent when the customer gave none.
    customer: { name: order.customer.name, email: order.customer.email || 'sin-correo@hotspot.invalid', phone: order.customer.phone },
    expiresAt,
  });
  if (issued.kind === 'issued') {
    const fields = {
      charge_id: issued.chargeId,
      payment_reference: issued.reference,
      voucher_url: issued.voucherUrl ?? null,
      payment_expires_at: issued.expiresAt,
    };
    const row = await transition(db, id, ['awaiting_payment'], 'awaiting_payment', fields, now());
    return { kind: 'issued', transaction: row ?? (await current(db, id)) };
  }
  if (issued.kind === 'unknown') {
    const row = await transition(db, id, ['awaiting_payment'], 'awaiting_payment', { reason: issued.reason }, now());
    return { kind: 'unknown', transaction: row ?? (await current(db, id)), reason: issued.reason };
  }
  const at = now();
  const failed = await transition(db, id, ['awaiting_payment'], 'declined', { reason: issued.reason, settled_at: at }, at);
  return { kind: 'failed', transaction: failed ?? (await current(db, id)), reason: issued.reason };
}

async function current(db: Db, id: string): Promise<TransactionRow> {
  const row = await findTransaction(db, id);
  if (!row) throw new TransactionMissingError(id);
  return row;
}
