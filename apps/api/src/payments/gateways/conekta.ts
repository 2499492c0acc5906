/**
 * Conekta orders API client: one order per transaction, charged with the card token. Approved only
 * on a 200 whose `payment_status` is `paid`.
 */
import type { Dispatcher } from 'undici';
import {
  idempotencyKeyFor,
  type CashInput,
  type CashOutcome,
  type ChargeInput,
  type ChargeLookup,
  type ChargeOutcome,
  type ChargeStatus,
  type PaymentGateway,
  type RefundInput,
  type RefundOutcome,
} from './gateway.js';
import { cashFailure, classifyStatus, outcomeOfTransportError, pick, readForLookup, refundFailure, requestJson } from './http.js';

/** A Conekta client's settings: the base URL (CONEKTA_API_URL) and the empresa's private key. */
export interface ConektaSettings {
  baseUrl: string;
  privateKey: string;
  dispatcher: Dispatcher;
}

const PAYMENT_STATUS: Record<string, ChargeStatus> = {
  paid: 'approved',
  pending_payment: 'pending',
  declined: 'declined',
  expired: 'declined',
  canceled: 'declined',
  voided: 'declined',
  refunded: 'refunded',
  partially_refunded: 'refunded',
  charged_back: 'charged_back',
};

/** Creates the Conekta gateway for one empresa. */
export function conektaGateway(settings: ConektaSettings): PaymentGateway {
  const headers = {
    accept: 'application/vnd.conekta-v2.1.0+json',
    authorization: `Basic ${Buffer.from(`${settings.privateKey}:`).toString('base64')}`,
  };

  const get = (path: string) => readForLookup('conekta', settings.dispatcher, `${settings.baseUrl}${path}`, headers);

  // A card order and a cash order differ only in their one charge's payment method.
  const createOrder = (input: ChargeInput | CashInput, paymentMethod: Record<string, unknown>) =>
    requestJson(settings.dispatcher, `${settings.baseUrl}/orders`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': idempotencyKeyFor(input.transactionId) },
      body: {
        currency: input.currency,
        customer_info: {
          name: input.customer.name,
          email: input.customer.email,
          ...(input.customer.phone ? { phone: input.customer.phone } : {}),
        },
        line_items: [{ name: input.description, unit_price: input.amountCents, quantity: 1 }],
        charges: [{ payment_method: paymentMethod }],
        metadata: { transaction_id: input.transactionId },
      },
    });

  return {
    name: 'conekta',

    async charge(input: ChargeInput): Promise<ChargeOutcome> {
      let answer;
      try {
        answer = await createOrder(input, { type: 'card', token_id: input.cardToken });
      } catch (error) {
        return outcomeOfTransportError(error);
      }
      const orderId = stringOrUndefined(pick(answer.body, 'id')) ?? stringOrUndefined(pick(answer.body, 'data', 'id'));
      if (answer.status === 200) {
        const paymentStatus = String(pick(answer.body, 'payment_status'));
        const status = PAYMENT_STATUS[paymentStatus];
        const details = { status: paymentStatus };
        if (status === 'approved' && orderId) return { kind: 'approved', chargeId: orderId, details };
        if (status === 'declined')
          return { kind: 'declined', chargeId: orderId, reason: reasonOf(answer.body), code: codeOf(answer.body), details };
        return { kind: 'unknown', chargeId: orderId, reason: `payment_status ${paymentStatus}`, cause: 'pending', details };
      }
      if (answer.status === 402) return { kind: 'declined', chargeId: orderId, reason: reasonOf(answer.body), code: codeOf(answer.body) };
      return classifyStatus(answer.status, reasonOf(answer.body), codeOf(answer.body));
    },

    async issueCash(input: CashInput): Promise<CashOutcome> {
      // A cash order: one charge of type `cash` (OXXO and partner stores), pending until paid (GATEWAYS.md §1.3).
      let answer;
      try {
        answer = await createOrder(input, { type: 'cash', expires_at: Math.floor(input.expiresAt.getTime() / 1000) });
      } catch (error) {
        return cashFailure(outcomeOfTransportError(error));
      }
      if (answer.status !== 200) return cashFailure(classifyStatus(answer.status, reasonOf(answer.body)));
      const orderId = stringOrUndefined(pick(answer.body, 'id'));
      const method = pick(answer.body, 'charges', 'data', 0, 'payment_method');
      const reference = stringOrUndefined(pick(method, 'reference'));
      const expiresAt = pick(method, 'expires_at');
      if (!orderId || !reference || typeof expiresAt !== 'number') return { kind: 'unknown', reason: 'cash order without reference' };
      return {
        kind: 'issued',
        chargeId: orderId,
        reference,
        voucherUrl: stringOrUndefined(pick(method, 'barcode_url')),
        expiresAt: new Date(expiresAt * 1000),
      };
    },

    async lookUp(transactionId: string, chargeId?: string): Promise<ChargeLookup> {
      let order: unknown;
      if (chargeId) {
        const answer = await get(`/orders/${encodeURIComponent(chargeId)}`);
        order = answer.status === 200 ? answer.body : undefined;
      } else {
        const answer = await get(`/orders?search=${encodeURIComponent(transactionId)}`);
        const found = pick(answer.body, 'data');
        // `search` is a full-text match: keep only the order that really is ours.
        order = Array.isArray(found) ? found.find((o) => pick(o, 'metadata', 'transaction_id') === transactionId) : undefined;
      }
      if (order === undefined) return { status: 'not_found', chargeId, reference: undefined };
      return {
        status: PAYMENT_STATUS[String(pick(order, 'payment_status'))] ?? 'pending',
        chargeId: stringOrUndefined(pick(order, 'id')),
        reference: stringOrUndefined(pick(order, 'metadata', 'transaction_id')),
      };
    },

    async refund(input: RefundInput): Promise<RefundOutcome> {
      // Conekta takes no idempotency key (GATEWAYS.md §1.1): the caller reads the order back before any retry.
      let answer;
      try {
        answer = await requestJson(settings.dispatcher, `${settings.baseUrl}/orders/${encodeURIComponent(input.chargeId)}/refunds`, {
          method: 'POST',
          headers,
          body: { amount: input.amountCents, reason: 'requested_by_client' },
        });
      } catch (error) {
        return refundFailure(outcomeOfTransportError(error));
      }
      if (answer.status !== 200) return refundFailure(classifyStatus(answer.status, reasonOf(answer.body)));
      const refunds = pick(answer.body, 'charges', 'data', 0, 'refunds', 'data');
      const last = Array.isArray(refunds) ? refunds.at(-1) : undefined;
      return { kind: 'refunded', refundId: stringOrUndefined(pick(last, 'id')) };
    },
  };
}

function reasonOf(body: unknown): string {
  const message = pick(body, 'details', 0, 'message') ?? pick(body, 'charges', 'data', 0, 'failure_message');
  return typeof message === 'string' && message !== '' ? message : 'Pago rechazado';
}

/** Conekta's error code: the charge's `failure_code` (e.g. `insufficient_funds`), else the error's `details[0].code`. */
function codeOf(body: unknown): string | undefined {
  return (
    stringOrUndefined(pick(body, 'data', 'charges', 'data', 0, 'failure_code')) ??
    stringOrUndefined(pick(body, 'charges', 'data', 0, 'failure_code')) ??
    stringOrUndefined(pick(body, 'details', 0, 'code'))
  );
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
