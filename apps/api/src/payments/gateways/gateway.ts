/**
 * The one small interface both card gateways implement: charge a card, and look a charge up again.
 * The purchase and reconciliation speak only this; each gateway module maps its own wire format.
 */
import type { Currency } from '../../db/schema.js';

/** Gateways the service charges through. */
export type GatewayName = 'conekta' | 'mercadopago';

/** What to charge. Amounts are integer cents, always taken from the plan, never from the client. */
export interface ChargeInput {
  /** Our transaction id: the gateway's reference and the source of the idempotency key. */
  transactionId: string;
  amountCents: number;
  currency: Currency;
  /** The card token from the gateway's browser SDK. */
  cardToken: string;
  /** What is sold (the plan's name), shown on the customer's statement. */
  description: string;
  customer: { name: string; email: string; phone?: string | undefined };
  /** Mercado Pago only. */
  mercadoPago?: { paymentMethodId: string; issuerId?: string | undefined; installments: number; deviceId?: string | undefined };
}

/**
 * How a charge attempt ended, as far as we can know.
 * - `approved`: money taken.
 * - `declined`: the card was refused; `reason` is the gateway's.
 * - `failed`: the gateway refused the request itself (bad credentials, bad request) or was never
 *   reached: certainly no charge.
 * - `unknown`: timeout, 5xx, cut connection, still pending: the charge may or may not exist. Never guess.
 */
export type ChargeOutcome =
  | { kind: 'approved'; chargeId: string; details?: ChargeDetails }
  | { kind: 'declined'; chargeId: string | undefined; reason: string; code?: string | undefined; details?: ChargeDetails }
  | { kind: 'failed'; reason: string; status?: number | undefined; code?: string | undefined }
  | { kind: 'unknown'; chargeId: string | undefined; reason: string; cause: UnknownCause; details?: ChargeDetails };

/**
 * Why a charge's outcome is unknown: the gateway said it is still `pending` (it exists, not yet
 * decided), the answer never came (`timeout`), or the gateway failed (`error`, a 5xx or a cut
 * connection). The old service answered each differently (LEGACY-API.md §4.5.3, §4.5.4).
 */
export type UnknownCause = 'pending' | 'timeout' | 'error';

/**
 * What the gateway said about a card payment, for the portal's answer (the old service showed
 * Mercado Pago's): its own status words and the card, never a secret.
 */
export interface ChargeDetails {
  /** The gateway's status (`approved`, `pending`, `in_process`, `rejected`; Conekta's `payment_status`). */
  status: string;
  statusDetail?: string | undefined;
  paymentMethodId?: string | undefined;
  paymentTypeId?: string | undefined;
  issuerId?: string | undefined;
  lastFour?: string | undefined;
  installments?: number | undefined;
  /** When the gateway approved it (its own ISO-8601 text). */
  approvedAt?: string | undefined;
}

/** A charge's status when looked up again. `not_found`: the gateway has no charge for the transaction. */
export type ChargeStatus = 'approved' | 'declined' | 'pending' | 'refunded' | 'charged_back' | 'not_found';

/** What a look-up found. */
export interface ChargeLookup {
  status: ChargeStatus;
  chargeId: string | undefined;
  /** The transaction id the charge was made for, as the gateway stored it. */
  reference: string | undefined;
}

/** A cash reference to issue: paid later at a convenience store (Conekta `cash`, Mercado Pago `oxxo`). */
export interface CashInput {
  transactionId: string;
  amountCents: number;
  currency: Currency;
  description: string;
  customer: { name: string; email: string; phone?: string | undefined };
  /** When the reference stops being payable. */
  expiresAt: Date;
}

/**
 * How issuing a cash reference ended. `failed`: certainly no reference; `unknown`: one may exist
 * (reconciliation finds it by our reference and settles it like any other).
 */
export type CashOutcome =
  | { kind: 'issued'; chargeId: string; reference: string; voucherUrl: string | undefined; expiresAt: Date }
  | { kind: 'failed'; reason: string }
  | { kind: 'unknown'; reason: string };

/** A whole charge to give back: the transaction's charge, for the amount it was. */
export interface RefundInput {
  transactionId: string;
  chargeId: string;
  amountCents: number;
}

/**
 * How asking for a refund ended. `failed`: the gateway refused (nothing refunded); `unknown`: it may
 * have been refunded (timeout, 5xx): read the charge back before asking again.
 */
export type RefundOutcome =
  | { kind: 'refunded'; refundId: string | undefined }
  | { kind: 'failed'; reason: string }
  | { kind: 'unknown'; reason: string };

/** A payment gateway, bound to one empresa's credentials. */
export interface PaymentGateway {
  readonly name: GatewayName;
  /** Charges once per transaction: a retry with the same transaction id never charges twice. */
  charge(input: ChargeInput): Promise<ChargeOutcome>;
  /** Issues a cash reference for the transaction (once per transaction id, as `charge`). */
  issueCash(input: CashInput): Promise<CashOutcome>;
  /**
   * Finds the charge of a transaction, by the gateway's id when known, else by our reference.
   * @throws GatewayError when the gateway cannot answer now (try again later).
   */
  lookUp(transactionId: string, chargeId?: string): Promise<ChargeLookup>;
  /** Gives a charge back in full (Conekta `POST /orders/{id}/refunds`, Mercado Pago `POST /v1/payments/{id}/refunds`). */
  refund(input: RefundInput): Promise<RefundOutcome>;
}

/** The gateway could not be asked (network, timeout, 5xx, unexpected answer). */
export class GatewayError extends Error {
  constructor(
    readonly gateway: GatewayName,
    message: string,
    /** The HTTP status when the gateway answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${gateway}: ${message}`, options);
    this.name = 'GatewayError';
  }
}

/**
 * The idempotency key sent with a transaction's charge. Derived, not random, so any retry of the
 * same transaction (a second process, a restart) presents the same key and the gateway charges once.
 */
export function idempotencyKeyFor(transactionId: string): string {
  return `hotspot-charge-${transactionId}`;
}

/** The idempotency key of a transaction's refund (Mercado Pago honours it: a retry never refunds twice). */
export function refundKeyFor(transactionId: string): string {
  return `hotspot-refund-${transactionId}`;
}
