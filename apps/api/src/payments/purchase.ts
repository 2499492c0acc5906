/**
 * The purchase as a state machine persisted at every step (states: src/db/transactions.ts):
 *
 *   pending ──add user──▶ user_created ──charge──▶ paid | declined | unresolved
 *      └──router refuses / unreachable──▶ router_failed
 *
 * The attempt is recorded before anything leaves the process, the hotspot user is created before
 * the card is charged (so a router that is down costs the customer nothing), and an outcome we
 * cannot know is never guessed: the user is disabled and reconciliation asks the gateway later.
 *
 * The user is created enabled: the happy path is then one router round trip (the add), and an
 * enabled user with no payment yet is harmless because nobody but this process knows its random
 * password until the charge is approved. Only when the outcome is unknown is it disabled, and
 * reconciliation enables or removes it. A crash between steps leaves a row that reconciliation
 * finds (unsettled and stale) and settles the same way.
 */
import { TrapError } from '@hotspot/routeros';
import type { Db } from '../db/connection.js';
import type { Currency } from '../db/schema.js';
import {
  findTransaction,
  insertTransaction,
  markSettled,
  type NewTransaction,
  transition,
  tryTransition,
  type TransactionRow,
} from '../db/transactions.js';
import { isRouterFailure } from '../routers/failure.js';
import { type PlanLimits, routerLimitParams, saleLimits } from '../plans/limits.js';
import type { SecretBox } from '../security/secret-box.js';
import { randomId } from '../security/tokens.js';
import { ensureUserEnabled } from './access.js';
import { generateCredentials, type HotspotCredentials, type UserKind } from './credentials.js';
import type { ChargeDetails, ChargeInput, PaymentGateway, UnknownCause } from './gateways/gateway.js';
import { addHotspotUser, isDuplicateName, removeHotspotUser, setHotspotUserEnabled, type RouterExec } from './hotspot-users.js';

/** Points between steps where a test may inject a crash (by throwing from `checkpoint`). */
export type PurchaseStep = 'recorded' | 'user-added' | 'user-recorded' | 'charged' | 'finished';

export interface PurchaseDeps {
  db: Db;
  secrets: SecretBox;
  now: () => Date;
  /** Called after each step; whatever it throws ends the purchase on the spot, with no clean-up (a crash). */
  checkpoint?: (step: PurchaseStep, transactionId: string) => void | Promise<void>;
}

/** What is bought, by whom, and how it is paid. The price comes from the plan, never from the client. */
/** What a card purchase and a cash reference both record about a sale. */
export interface SaleOrder {
  companyId: string;
  routerId: string;
  product: { id: number; nombre_venta: string; perfil_mikrotik_nombre: string; price_cents: number; moneda: Currency } & PlanLimits;
  gateway: PaymentGateway;
  customer: { name: string; email?: string | undefined; phone?: string | undefined };
  userKind: UserKind;
  mac?: string | undefined;
  ip?: string | undefined;
}

/**
 * The attempt's row: the plan, the customer and the sealed credentials chosen before anything
 * leaves the process. @param soldAt null for a cash reference: a validity from the purchase then
 * runs from the payment (applyChargeStatus sets expires_at).
 */
export function saleRecord(
  order: SaleOrder,
  id: string,
  credentials: HotspotCredentials,
  secrets: SecretBox,
  soldAt: Date | null,
): NewTransaction {
  return {
    id,
    empresa_id: order.companyId,
    router_id: order.routerId,
    producto_id: order.product.id,
    product_name: order.product.nombre_venta,
    hotspot_profile: order.product.perfil_mikrotik_nombre,
    amount_cents: order.product.price_cents,
    moneda: order.product.moneda,
    gateway: order.gateway.name,
    user_kind: order.userKind,
    hotspot_username: credentials.username,
    hotspot_password_sealed: secrets.seal(credentials.password),
    cliente_nombre: order.customer.name,
    // The legacy column is NOT NULL; '' means the customer gave no address (cash allows that).
    cliente_email: order.customer.email ?? '',
    cliente_telefono: order.customer.phone ?? null,
    client_mac: order.mac ?? null,
    client_ip: order.ip ?? null,
    ...saleLimits(order.product, soldAt),
  };
}

export interface PurchaseOrder extends SaleOrder {
  cardToken: string;
  /** A card purchase always has the customer's e-mail (the gateways ask for it). */
  customer: { name: string; email: string; phone?: string | undefined };
  mercadoPago?: ChargeInput['mercadoPago'];
  /** The id to record the attempt under (an Idempotency-Key claim chose it); a new one when absent. */
  transactionId?: string | undefined;
}

/** How a purchase ended, with the attempt's row as persisted. */
export type PurchaseOutcome =
  | { kind: 'paid'; transaction: TransactionRow; credentials: HotspotCredentials; charge?: ChargeDetails | undefined }
  | { kind: 'declined'; transaction: TransactionRow; reason: string; code?: string | undefined; charge?: ChargeDetails | undefined }
  | { kind: 'gateway_failed'; transaction: TransactionRow; reason: string; status?: number | undefined; code?: string | undefined }
  | {
      kind: 'router_failed';
      transaction: TransactionRow;
      reason: string;
      /** The router answered with a refusal (nothing to clean up), rather than not answering at all. */
      routerAnswered: boolean;
    }
  | {
      kind: 'unresolved';
      transaction: TransactionRow;
      reason: string;
      /** The user's credentials: disabled on the router until the payment is confirmed. */
      credentials: HotspotCredentials;
      /** Unknown when the attempt is read back from the database. */
      cause?: UnknownCause | undefined;
      charge?: ChargeDetails | undefined;
    };

/** A transaction row disappeared while its purchase ran (someone deleted it by hand). */
export class TransactionMissingError extends Error {
  constructor(readonly transactionId: string) {
    super(`transaction ${transactionId} is missing`);
    this.name = 'TransactionMissingError';
  }
}

/** How many names to try when the router says a name is taken (a collision of 10 random symbols is already rare). */
const MAX_NAME_ATTEMPTS = 3;

/** A new transaction id: `TRX_` + 16 upper-case hex digits. */
export function newTransactionId(): string {
  return randomId('TRX_', 16);
}

/** Runs one purchase to its outcome. @throws only what is not a router or gateway failure (including injected crashes) */
export async function runPurchase(deps: PurchaseDeps, exec: RouterExec, order: PurchaseOrder): Promise<PurchaseOutcome> {
  const { db, secrets, now } = deps;
  const step = async (name: PurchaseStep) => deps.checkpoint?.(name, id);
  const id = order.transactionId ?? newTransactionId();
  let credentials = generateCredentials(order.userKind);
  const soldAt = now();
  await insertTransaction(db, saleRecord(order, id, credentials, secrets, soldAt), soldAt);
  await step('recorded');

  let routerUserId: string | undefined;
  for (let attempt = 1; routerUserId === undefined; attempt++) {
    try {
      routerUserId = await addHotspotUser(exec, {
        name: credentials.username,
        password: credentials.password,
        profile: order.product.perfil_mikrotik_nombre,
        transactionId: id,
        limits: routerLimitParams(order.product),
      });
    } catch (error) {
      if (!isRouterFailure(error)) throw error;
      if (!isDuplicateName(error) || attempt >= MAX_NAME_ATTEMPTS) return routerFailed(deps, id, error);
      credentials = generateCredentials(order.userKind);
      const fields = { hotspot_username: credentials.username, hotspot_password_sealed: secrets.seal(credentials.password) };
      if (!(await tryTransition(db, id, ['pending'], 'pending', fields, now()))) return currentOutcome(deps, id);
    }
  }
  await step('user-added');
  if (!(await tryTransition(db, id, ['pending'], 'user_created', { router_user_id: routerUserId }, now()))) return currentOutcome(deps, id);
  await step('user-recorded');

  const charge = await order.gateway.charge({
    transactionId: id,
    amountCents: order.product.price_cents,
    currency: order.product.moneda,
    cardToken: order.cardToken,
    description: order.product.nombre_venta,
    customer: order.customer,
    mercadoPago: order.mercadoPago,
  });
  await step('charged');

  if (charge.kind === 'approved') {
    const at = now();
    const paid = await transition(db, id, ['user_created'], 'paid', { charge_id: charge.chargeId, paid_at: at, settled_at: at }, at);
    if (!paid) return currentOutcome(deps, id);
    await step('finished');
    return { kind: 'paid', transaction: paid, credentials, charge: charge.details };
  }

  if (charge.kind === 'unknown') {
    // Do not guess: keep the user, disabled, until the gateway says. If even the disable fails the
    // user stays enabled, but its password is known only here and reconciliation settles it soon.
    await routerAttempt(() => setHotspotUserEnabled(exec, routerUserId, false));
    const unresolved = await transition(
      db,
      id,
      ['user_created'],
      'unresolved',
      { charge_id: charge.chargeId ?? null, reason: charge.reason },
      now(),
    );
    if (!unresolved) return approvedMeanwhile(deps, exec, id);
    await step('finished');
    return { kind: 'unresolved', transaction: unresolved, reason: charge.reason, credentials, cause: charge.cause, charge: charge.details };
  }

  // Declined, or the gateway refused the request: not charged, so the user goes. The state moves
  // first: news of an approval (a notification) may have paid the attempt meanwhile, and then the
  // user must stay.
  const fields = { charge_id: charge.kind === 'declined' ? (charge.chargeId ?? null) : null, reason: charge.reason };
  const declined = await transition(db, id, ['user_created'], 'declined', fields, now());
  if (!declined) return currentOutcome(deps, id);
  if (await routerAttempt(() => removeHotspotUser(exec, routerUserId))) {
    const at = now();
    if (!(await markSettled(db, id, 'declined', at))) return approvedMeanwhile(deps, exec, id);
    declined.settled_at = at;
  }
  await step('finished');
  return charge.kind === 'declined'
    ? { kind: 'declined', transaction: declined, reason: charge.reason, code: charge.code, charge: charge.details }
    : { kind: 'gateway_failed', transaction: declined, reason: charge.reason, status: charge.status, code: charge.code };
}

/** The declined attempt was paid while its user was being removed: the approval wins, the user comes back. */
async function approvedMeanwhile(deps: PurchaseDeps, exec: RouterExec, id: string): Promise<PurchaseOutcome> {
  const outcome = await currentOutcome(deps, id);
  if (outcome.kind === 'paid') await routerAttempt(() => ensureUserEnabled(deps, exec, outcome.transaction));
  return outcome;
}

/** Runs a clean-up command; a router failure is reported as false (reconciliation retries it). */
async function routerAttempt(command: () => Promise<unknown>): Promise<boolean> {
  try {
    await command();
    return true;
  } catch (error) {
    if (isRouterFailure(error)) return false;
    throw error;
  }
}

async function routerFailed(deps: PurchaseDeps, id: string, error: unknown): Promise<PurchaseOutcome> {
  // A trap is the router's answer: the user was not created and there is nothing left to do.
  // Anything else (timeout, cut connection) may have created it: reconciliation looks for it.
  const answered = error instanceof TrapError;
  const reason = (error as Error).message;
  const at = deps.now();
  const failed = await transition(deps.db, id, ['pending'], 'router_failed', { reason: reason, settled_at: answered ? at : null }, at);
  if (!failed) return currentOutcome(deps, id);
  return { kind: 'router_failed', transaction: failed, reason, routerAnswered: answered };
}

/**
 * The outcome as the database has it, when another process (a reconciler, after the attempt went
 * stale) moved the attempt before this one could.
 */
async function currentOutcome(deps: PurchaseDeps, id: string): Promise<PurchaseOutcome> {
  const row = await findTransaction(deps.db, id);
  if (!row) throw new TransactionMissingError(id);
  return outcomeOf(deps.secrets, row);
}

/** A recorded attempt as a purchase outcome (the credentials only once it is paid). */
export function outcomeOf(secrets: SecretBox, row: TransactionRow): PurchaseOutcome {
  switch (row.state) {
    case 'paid':
      return {
        kind: 'paid',
        transaction: row,
        credentials: { username: row.hotspot_username, password: secrets.open(row.hotspot_password_sealed) },
      };
    case 'declined':
    case 'reversed':
      return { kind: 'declined', transaction: row, reason: row.reason ?? 'Pago rechazado' };
    case 'router_failed':
      // Settled at once only when the router refused; an unanswered attempt waits for reconciliation.
      return {
        kind: 'router_failed',
        transaction: row,
        reason: row.reason ?? 'Router no disponible',
        routerAnswered: row.settled_at !== null,
      };
    default:
      return {
        kind: 'unresolved',
        transaction: row,
        reason: row.reason ?? 'Resultado del pago pendiente',
        credentials: { username: row.hotspot_username, password: secrets.open(row.hotspot_password_sealed) },
      };
  }
}
