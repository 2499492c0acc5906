/**
 * What the hosted portal page does with the service: buy a plan (the same purchase and the same
 * Idempotency-Key store as the JSON API, so a double click charges once), follow a pending purchase,
 * and recover the credentials of a paid one. HTTP-free: src/http/routes/portal-page.ts is its door.
 */
import { randomInt } from 'node:crypto';
import type { Db } from '../db/connection.js';
import type { CompanyRow } from '../db/companies.js';
import { findPaidByEmailAndCard, findPaidByReceipt, receiptCodeOf, recordReceipt } from '../db/portal-receipts.js';
import type { ProductRow } from '../db/products.js';
import type { RouterRow } from '../db/routers.js';
import { findTransaction, type TransactionRow } from '../db/transactions.js';
import { autoConnect } from '../payments/auto-connect.js';
import { issueCashPayment } from '../payments/cash.js';
import type { GatewayName, PaymentGateway } from '../payments/gateways/gateway.js';
import { IdempotencyKeys, requestFingerprint } from '../payments/idempotency.js';
import { outcomeOf, runPurchase, type PurchaseOutcome } from '../payments/purchase.js';
import { GatewayNotConfiguredError, type PaymentServices } from '../payments/services.js';
import type { SecretBox } from '../security/secret-box.js';
import type { PurchaseAttempt } from '../security/purchase-throttle.js';

export interface CheckoutDeps {
  db: Db;
  secrets: SecretBox;
  now: () => Date;
  payments: PaymentServices;
}

/** The router whose page this is, and its empresa. */
export interface PortalSite {
  company: CompanyRow;
  router: RouterRow;
}

export interface PortalPurchase {
  product: ProductRow;
  gateway: GatewayName;
  cardToken: string;
  /** Shown again to find the purchase later; from the page, which had the card in hand. */
  cardLast4: string | undefined;
  customer: { name: string; email: string; phone?: string | undefined };
  mac: string | undefined;
  ip: string | undefined;
  /** Mercado Pago's card form data. */
  mercadoPago?: { paymentMethodId: string; issuerId?: string | undefined; installments: number };
  /** The page's key for this attempt: the same key is the same purchase. */
  key: string;
}

/** What the page is told; stored as the key's answer, so a retry gets exactly this again. */
export type PortalAnswer =
  | { status: 'paid'; transaction_id: string; receipt: string; username: string; password: string; plan: string }
  | { status: 'pending'; transaction_id: string; receipt: string }
  | { status: 'declined'; transaction_id: string; reason: string }
  | { status: 'failed'; transaction_id: string; reason: string }
  | ({ status: 'awaiting_payment'; transaction_id: string; receipt: string } & CashVoucher)
  | { status: 'expired'; transaction_id: string; reason: string };

/** A cash reference as the page shows it; `reference` is null while the gateway has not confirmed it. */
export interface CashVoucher {
  reference: string | null;
  voucher_url: string | null;
  expires_at: string | null;
}

/** A plan paid in cash at a store, from the page. */
export interface PortalCashOrder {
  product: ProductRow;
  gateway: GatewayName;
  customer: { name: string; email: string; phone?: string | undefined };
  mac: string | undefined;
  ip: string | undefined;
  /** The attempt's id, chosen by the page's key before anything leaves the process (a new one when undefined). */
  transactionId?: string | undefined;
}

export type CheckoutRefusal = 'key-reused' | 'in-progress' | 'gateway-not-configured';

/** The purchase was not attempted: `code` says why (the page words it in the customer's language). */
export class CheckoutRefusedError extends Error {
  constructor(readonly code: CheckoutRefusal) {
    super(`checkout refused: ${code}`);
    this.name = 'CheckoutRefusedError';
  }
}

/** Keys of the page live beside the API's (same table, same router) under their own prefix. */
export const PORTAL_KEY_PREFIX = 'portal:';
/** Receipt codes: the credentials' alphabet in upper case, 8 symbols (≈ 39.6 bits; recovery is throttled). */
const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const RECEIPT_LENGTH = 8;

function newReceiptCode(): string {
  let code = '';
  for (let i = 0; i < RECEIPT_LENGTH; i++) code += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return code;
}

/** A code as a customer may type it (spaces, dashes, lower case) → as stored; undefined when it cannot be one. */
export function normalizeReceiptCode(typed: string): string | undefined {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  return code.length === RECEIPT_LENGTH && [...code].every((c) => RECEIPT_ALPHABET.includes(c)) ? code : undefined;
}

export class PortalCheckout {
  private readonly keys: IdempotencyKeys;

  constructor(private readonly deps: CheckoutDeps) {
    this.keys = new IdempotencyKeys(deps.db, deps.secrets, deps.now);
  }

  /**
   * Buys the plan once per key. `beginAttempt` reserves the attempt under the purchase limits; it runs
   * only for a key seen for the first time, so a replay is not one more attempt (nor one more decline).
   * @throws CheckoutRefusedError, and whatever `beginAttempt` throws (the key is then free again)
   */
  async purchase(site: PortalSite, order: PortalPurchase, beginAttempt: () => Promise<PurchaseAttempt>): Promise<PortalAnswer> {
    const { key, ...request } = order;
    const fingerprint = requestFingerprint('portal-purchase', { ...request, product: request.product.id });
    const decision = await this.keys.begin(site.router.id, PORTAL_KEY_PREFIX + key, fingerprint);
    if (decision.kind === 'mismatch') throw new CheckoutRefusedError('key-reused');
    if (decision.kind === 'in-progress') throw new CheckoutRefusedError('in-progress');
    if (decision.kind === 'replay') return decision.body as PortalAnswer;
    if (decision.kind === 'settled') {
      const answer = await this.answerOf(outcomeOf(this.deps.secrets, decision.transaction), order.cardLast4);
      await this.keys.finish(decision.claim, 200, answer);
      return answer;
    }
    let attempt: PurchaseAttempt;
    try {
      attempt = await beginAttempt();
    } catch (error) {
      await this.keys.release(decision.claim);
      throw error;
    }
    let outcome: PurchaseOutcome;
    try {
      outcome = await this.run(site, order, decision.claim.transactionId);
    } catch (error) {
      // After the attempt was recorded the card may have been charged: the key stays with the transaction.
      await this.keys.releaseIfUnrecorded(decision.claim);
      throw error;
    }
    const answer = await this.answerOf(outcome, order.cardLast4);
    await attempt.settle(answer.status === 'declined');
    // A router failure charged nothing: the same key may try again. Every other answer is final.
    if (outcome.kind === 'router_failed') await this.keys.release(decision.claim);
    else await this.keys.finish(decision.claim, 200, answer);
    return answer;
  }

  /** A purchase of this router as it stands now (the page polls a pending one). */
  async status(site: PortalSite, transactionId: string): Promise<PortalAnswer | undefined> {
    const tx = await findTransaction(this.deps.db, transactionId, { routerId: site.router.id });
    return tx && this.answerFor(tx);
  }

  /**
   * Issues a cash reference for the plan (src/payments/cash.ts): the page shows it and polls
   * `status` until the money arrives. The receipt code is given now, so that a customer who pays
   * at the store later can come back for the credentials ("Ya pagué"). @throws CheckoutRefusedError
   */
  async cash(site: PortalSite, order: PortalCashOrder): Promise<PortalAnswer> {
    const issue = await issueCashPayment(this.deps, {
      companyId: site.company.id,
      routerId: site.router.id,
      product: order.product,
      gateway: this.gatewayOf(site, order.gateway),
      customer: order.customer,
      userKind: 'usuario_contrasena',
      mac: order.mac,
      ip: order.ip,
      transactionId: order.transactionId,
    });
    if (issue.kind === 'failed') return { status: 'failed', transaction_id: issue.transaction.id, reason: issue.reason };
    return this.answerFor(issue.transaction);
  }

  /** "Ya pagué": a paid purchase by its receipt code, or by e-mail and the card's last four digits. */
  async recover(site: PortalSite, by: { receipt: string } | { email: string; last4: string }): Promise<PortalAnswer | undefined> {
    let tx: TransactionRow | undefined;
    if ('receipt' in by) {
      const code = normalizeReceiptCode(by.receipt);
      tx = code ? await findPaidByReceipt(this.deps.db, site.router.id, code) : undefined;
    } else {
      tx = await findPaidByEmailAndCard(this.deps.db, site.router.id, by.email.trim(), by.last4);
    }
    return tx && this.answerFor(tx);
  }

  /** The server-side login (`/ip/hotspot/active/login`): the fallback when the page cannot post to the router itself. */
  async loginFromServer(site: PortalSite, login: { username: string; password: string; mac: string; ip: string | undefined }) {
    return autoConnect(this.deps.payments.routerExec(site.router), login);
  }

  private gatewayOf(site: PortalSite, name: GatewayName): PaymentGateway {
    try {
      return this.deps.payments.gatewayFor(site.company, name);
    } catch (error) {
      if (error instanceof GatewayNotConfiguredError) throw new CheckoutRefusedError('gateway-not-configured');
      throw error;
    }
  }

  private async run(site: PortalSite, order: PortalPurchase, transactionId: string): Promise<PurchaseOutcome> {
    const gateway = this.gatewayOf(site, order.gateway);
    return runPurchase({ db: this.deps.db, secrets: this.deps.secrets, now: this.deps.now }, this.deps.payments.routerExec(site.router), {
      companyId: site.company.id,
      routerId: site.router.id,
      product: order.product,
      gateway,
      cardToken: order.cardToken,
      customer: order.customer,
      userKind: 'usuario_contrasena',
      mac: order.mac,
      ip: order.ip,
      mercadoPago: order.mercadoPago ?? { paymentMethodId: '', installments: 1 },
      transactionId,
    });
  }

  /** A transaction as the page is told about it: a cash reference while it waits, else the purchase's outcome. */
  async answerFor(tx: TransactionRow): Promise<PortalAnswer> {
    if (tx.state === 'awaiting_payment') {
      return {
        status: 'awaiting_payment',
        transaction_id: tx.id,
        receipt: await this.receiptOf(tx.id, undefined),
        reference: tx.payment_reference,
        voucher_url: tx.voucher_url,
        expires_at: tx.payment_expires_at?.toISOString() ?? null,
      };
    }
    if (tx.state === 'expired') return { status: 'expired', transaction_id: tx.id, reason: tx.reason ?? 'Referencia vencida' };
    return this.answerOf(outcomeOf(this.deps.secrets, tx), undefined);
  }

  private async answerOf(outcome: PurchaseOutcome, cardLast4: string | undefined): Promise<PortalAnswer> {
    const tx = outcome.transaction;
    switch (outcome.kind) {
      case 'paid':
        return {
          status: 'paid',
          transaction_id: tx.id,
          receipt: await this.receiptOf(tx.id, cardLast4),
          username: outcome.credentials.username,
          password: outcome.credentials.password,
          plan: tx.product_name,
        };
      case 'unresolved':
        return { status: 'pending', transaction_id: tx.id, receipt: await this.receiptOf(tx.id, cardLast4) };
      case 'declined':
        return { status: 'declined', transaction_id: tx.id, reason: outcome.reason };
      default:
        return { status: 'failed', transaction_id: tx.id, reason: outcome.reason };
    }
  }

  private async receiptOf(transactionId: string, cardLast4: string | undefined): Promise<string> {
    const existing = await receiptCodeOf(this.deps.db, transactionId);
    if (existing) return existing;
    return recordReceipt(this.deps.db, { transactionId, code: newReceiptCode(), cardLast4 }, this.deps.now());
  }
}
