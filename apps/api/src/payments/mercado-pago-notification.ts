/**
 * A Mercado Pago payment notification, settled next to the purchase it concerns. The notification
 * only says "payment N changed": the empresa is the one whose webhook secret signed it, the status
 * is read back from Mercado Pago, then applied as reconciliation would (approved → user enabled;
 * rejected → removed; refunded or charged back → removed, attempt reversed). Each notification is
 * handled once; one whose handling failed is forgotten so the gateway's retry is handled.
 */
import type { Db } from '../db/connection.js';
import { findCompany, type CompanyRow } from '../db/companies.js';
import {
  companiesAwaitingMercadoPago,
  findTransaction,
  findTransactionByCharge,
  type TransactionRow,
  type TransactionState,
} from '../db/transactions.js';
import { forgetWebhookEvent, recordWebhookEvent } from '../db/webhook-events.js';
import { isRouterFailure } from '../routers/failure.js';
import type { SecretBox } from '../security/secret-box.js';
import { GatewayError } from './gateways/gateway.js';
import { applyChargeStatus } from './reconcile.js';
import { reconcileDepsFor } from './reconcile-deps.js';
import type { PaymentServices } from './services.js';
import { verifyWebhookSignature, type WebhookSignature } from './webhook-signature.js';

export interface NotificationDeps {
  db: Db;
  secrets: SecretBox;
  now: () => Date;
  services: PaymentServices;
}

/** What the notification was about, as signed: the payment id, the request id and the signature header's parts. */
export interface SignedNotification {
  dataId: string;
  requestId: string;
  signature: WebhookSignature;
  /** The `type` the notification declares, when it declares one. */
  type: string | undefined;
  /** The empresa the notification URL names, when the payment is not known yet. */
  companyId: string | undefined;
}

/** What became of a notification (the answer's `status`, in the old service's words). */
export type NotificationOutcome =
  | { status: 'duplicado' }
  | { status: 'ignorado' }
  | { status: 'procesado'; transactionId: string; state: TransactionState | undefined };

/** Handling failed for a reason that passes (gateway or router unreachable): Mercado Pago should retry. */
export class NotificationRetryableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`notification not handled yet: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'NotificationRetryableError';
  }
}

/** Webhook secrets tried at most for a notification that names no empresa (see signingCompany). */
export const MAX_SIGNATURE_CANDIDATES = 10;

/** The empresa whose webhook secret signed the notification, or undefined (the signature is not valid). */

export async function signingCompany(deps: NotificationDeps, notification: SignedNotification): Promise<CompanyRow | undefined> {
  const { db, secrets } = deps;
  const tx = await findTransactionByCharge(db, 'mercadopago', notification.dataId);
  // The one empresa the payment (or else the query) names. A payment not known yet (the gateway did
  // not answer the purchase) without empresa_id can only be for an empresa still waiting on Mercado
  // Pago: never every empresa's secret, so an unsigned flood costs a bounded number of HMACs each.
  const wanted = tx?.empresa_id ?? notification.companyId;
  const candidates = wanted === undefined ? await companiesAwaitingMercadoPago(db, MAX_SIGNATURE_CANDIDATES) : [wanted];
  for (const id of candidates) {
    const e = await findCompany(db, id);
    if (e?.mercadopago_webhook_secret_sealed == null) continue;
    const secret = secrets.open(e.mercadopago_webhook_secret_sealed);
    if (verifyWebhookSignature(secret, notification.signature, notification.dataId, notification.requestId)) return e;
  }
  return undefined;
}

/** The start of the recorded event ids of every notification about one payment (`webhook_events`). */
export function notificationEventPrefix(companyId: string, dataId: string): string {
  return `mercadopago:${companyId}:${dataId}:`;
}

/**
 * The attempt a verified notification is about, once settled: the empresa's Mercado Pago payment
 * `dataId`, or else the attempt the notification names as its external reference.
 */
export async function notifiedTransaction(
  db: Db,
  company: CompanyRow,
  notification: { dataId: string; externalReference: string | undefined },
): Promise<TransactionRow | undefined> {
  const byCharge = await findTransactionByCharge(db, 'mercadopago', notification.dataId);
  if (byCharge?.empresa_id === company.id) return byCharge;
  const ref = notification.externalReference;
  return ref === undefined ? undefined : findTransaction(db, ref, { companyId: company.id });
}

/** Settles the purchase a verified notification is about. @throws NotificationRetryableError */
export async function settleNotification(
  deps: NotificationDeps,
  company: CompanyRow,
  notification: SignedNotification,
): Promise<NotificationOutcome> {
  const { db, services } = deps;
  const { dataId, requestId, signature } = notification;
  const eventId = `${notificationEventPrefix(company.id, dataId)}${requestId}:${signature.ts}`;
  if (!(await recordWebhookEvent(db, eventId, deps.now()))) return { status: 'duplicado' };
  if (notification.type !== undefined && notification.type !== 'payment') return { status: 'ignorado' };
  const reconcileDeps = reconcileDepsFor(deps, services);
  try {
    const found = await services.gatewayFor(company, 'mercadopago').lookUp('', dataId);
    const tx =
      (await findTransactionByCharge(db, 'mercadopago', dataId)) ??
      (found.reference ? await findTransaction(db, found.reference, { companyId: company.id }) : undefined);
    if (!tx || tx.empresa_id !== company.id || tx.gateway !== 'mercadopago') return { status: 'ignorado' };
    await applyChargeStatus(reconcileDeps, await reconcileDeps.routerExecFor(tx.router_id), tx, found);
    const after = await findTransaction(db, tx.id);
    return { status: 'procesado', transactionId: tx.id, state: after?.state };
  } catch (error) {
    await forgetWebhookEvent(db, eventId);
    if (error instanceof GatewayError || isRouterFailure(error)) throw new NotificationRetryableError(error);
    throw error;
  }
}
