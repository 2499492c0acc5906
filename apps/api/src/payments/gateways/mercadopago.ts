/**
 * Mercado Pago payments API client: one payment per transaction (`external_reference`), with
 * `binary_mode` so a payment is approved or rejected at once rather than left pending.
 */
import type { Dispatcher } from 'undici';
import { amountFromCents } from '../../money.js';
import {
  idempotencyKeyFor,
  type CashInput,
  type CashOutcome,
  type ChargeDetails,
  type ChargeInput,
  type ChargeLookup,
  type ChargeOutcome,
  type ChargeStatus,
  type PaymentGateway,
  type RefundInput,
  type RefundOutcome,
  refundKeyFor,
} from './gateway.js';
import { cashFailure, classifyStatus, outcomeOfTransportError, pick, readForLookup, refundFailure, requestJson } from './http.js';

/** A Mercado Pago client's settings: the base URL (MERCADOPAGO_API_URL) and the empresa's access token. */
export interface MercadoPagoSettings {
  baseUrl: string;
  accessToken: string;
  dispatcher: Dispatcher;
}

const STATUS: Record<string, ChargeStatus> = {
  approved: 'approved',
  authorized: 'pending',
  pending: 'pending',
  in_process: 'pending',
  in_mediation: 'pending',
  rejected: 'declined',
  cancelled: 'declined',
  refunded: 'refunded',
  charged_back: 'charged_back',
};

/** Human-readable reasons for the commonest rejections (Mercado Pago gives only a code). */
const REJECTION_REASONS: Record<string, string> = {
  cc_rejected_insufficient_amount: 'Fondos insuficientes',
  cc_rejected_bad_filled_security_code: 'Código de seguridad inválido',
  cc_rejected_bad_filled_date: 'Fecha de vencimiento inválida',
  cc_rejected_bad_filled_other: 'Datos de la tarjeta inválidos',
  cc_rejected_call_for_authorize: 'El banco requiere autorizar el pago',
  cc_rejected_card_disabled: 'Tarjeta deshabilitada',
  cc_rejected_duplicated_payment: 'Pago duplicado',
  cc_rejected_high_risk: 'Pago rechazado por riesgo',
  cc_rejected_other_reason: 'Pago rechazado por el banco',
};

/** Creates the Mercado Pago gateway for one empresa. */
export function mercadoPagoGateway(settings: MercadoPagoSettings): PaymentGateway {
  const headers = { authorization: `Bearer ${settings.accessToken}`, accept: 'application/json' };
  const get = (path: string) => readForLookup('mercadopago', settings.dispatcher, `${settings.baseUrl}${path}`, headers);

  return {
    name: 'mercadopago',

    async charge(input: ChargeInput): Promise<ChargeOutcome> {
      const mp = input.mercadoPago;
      if (!mp) return { kind: 'failed', reason: 'payment_method_id and installments are required for Mercado Pago' };
      const body = {
        // Mercado Pago takes a decimal amount.
        transaction_amount: amountFromCents(input.amountCents),
        token: input.cardToken,
        payment_method_id: mp.paymentMethodId,
        ...(mp.issuerId ? { issuer_id: mp.issuerId } : {}),
        installments: mp.installments,
        description: input.description,
        external_reference: input.transactionId,
        binary_mode: true,
        payer: { email: input.customer.email, first_name: input.customer.name },
        ...(mp.deviceId ? { additional_info: { device_id: mp.deviceId } } : {}),
      };
      let answer;
      try {
        answer = await requestJson(settings.dispatcher, `${settings.baseUrl}/v1/payments`, {
          method: 'POST',
          headers: { ...headers, 'x-idempotency-key': idempotencyKeyFor(input.transactionId) },
          body,
        });
      } catch (error) {
        return outcomeOfTransportError(error);
      }
      if (answer.status !== 200 && answer.status !== 201)
        return classifyStatus(answer.status, String(pick(answer.body, 'message') ?? 'error'), text(pick(answer.body, 'error')));
      const id = pick(answer.body, 'id');
      const chargeId = typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
      const details = paymentDetails(answer.body);
      const status = STATUS[details.status];
      if (status === 'approved' && chargeId) return { kind: 'approved', chargeId, details };
      if (status === 'declined')
        return { kind: 'declined', chargeId, reason: rejectionReason(details.statusDetail), code: details.statusDetail, details };
      // Known statuses that are not final are `pending`; an unknown word is treated the same (never guessed).
      return { kind: 'unknown', chargeId, reason: `status ${details.status}`, cause: 'pending', details };
    },

    async issueCash(input: CashInput): Promise<CashOutcome> {
      // An OXXO ticket: pending until paid at the store, `cancelled`/`expired` after its date (§3.2-3.4).
      const body = {
        transaction_amount: amountFromCents(input.amountCents),
        payment_method_id: 'oxxo',
        description: input.description,
        external_reference: input.transactionId,
        date_of_expiration: input.expiresAt.toISOString(),
        payer: { email: input.customer.email, first_name: input.customer.name },
      };
      let answer;
      try {
        answer = await requestJson(settings.dispatcher, `${settings.baseUrl}/v1/payments`, {
          method: 'POST',
          headers: { ...headers, 'x-idempotency-key': idempotencyKeyFor(input.transactionId) },
          body,
        });
      } catch (error) {
        return cashFailure(outcomeOfTransportError(error));
      }
      if (answer.status !== 200 && answer.status !== 201)
        return cashFailure(classifyStatus(answer.status, String(pick(answer.body, 'message') ?? 'error')));
      const id = pick(answer.body, 'id');
      const details = pick(answer.body, 'transaction_details');
      const reference = pick(details, 'payment_method_reference_id');
      const ticketUrl =
        pick(answer.body, 'point_of_interaction', 'transaction_data', 'ticket_url') ?? pick(details, 'external_resource_url');
      const expiresAt = new Date(String(pick(answer.body, 'date_of_expiration')));
      if ((typeof id !== 'number' && typeof id !== 'string') || typeof reference !== 'string' || Number.isNaN(expiresAt.getTime()))
        return { kind: 'unknown', reason: 'cash payment without reference' };
      return {
        kind: 'issued',
        chargeId: String(id),
        reference,
        voucherUrl: typeof ticketUrl === 'string' ? ticketUrl : undefined,
        expiresAt,
      };
    },

    async lookUp(transactionId: string, chargeId?: string): Promise<ChargeLookup> {
      let payments: unknown[];
      if (chargeId) {
        const answer = await get(`/v1/payments/${encodeURIComponent(chargeId)}`);
        payments = answer.status === 200 ? [answer.body] : [];
      } else {
        const answer = await get(`/v1/payments/search?external_reference=${encodeURIComponent(transactionId)}`);
        const results = pick(answer.body, 'results');
        payments = Array.isArray(results) ? results.filter((p) => pick(p, 'external_reference') === transactionId) : [];
      }
      if (payments.length === 0) return { status: 'not_found', chargeId, reference: undefined };
      // One idempotency key means one payment, but if there were several, an approved one is what matters.
      const payment = payments.find((p) => STATUS[String(pick(p, 'status'))] === 'approved') ?? payments[0];
      const reference = pick(payment, 'external_reference');
      return {
        status: STATUS[String(pick(payment, 'status'))] ?? 'pending',
        chargeId: String(pick(payment, 'id')),
        reference: typeof reference === 'string' ? reference : undefined,
      };
    },

    async refund(input: RefundInput): Promise<RefundOutcome> {
      let answer;
      try {
        answer = await requestJson(settings.dispatcher, `${settings.baseUrl}/v1/payments/${encodeURIComponent(input.chargeId)}/refunds`, {
          method: 'POST',
          // Derived from the transaction: any retry presents the same key and Mercado Pago refunds once.
          headers: { ...headers, 'x-idempotency-key': refundKeyFor(input.transactionId) },
          body: {},
        });
      } catch (error) {
        return refundFailure(outcomeOfTransportError(error));
      }
      if (answer.status !== 200 && answer.status !== 201)
        return refundFailure(classifyStatus(answer.status, String(pick(answer.body, 'message') ?? 'error')));
      const id = pick(answer.body, 'id');
      return { kind: 'refunded', refundId: typeof id === 'number' || typeof id === 'string' ? String(id) : undefined };
    },
  };
}

/** The payment as the portal's answer shows it: Mercado Pago's status words and the card's last four digits. */
function paymentDetails(payment: unknown): ChargeDetails {
  const installments = pick(payment, 'installments');
  return {
    status: String(pick(payment, 'status')),
    statusDetail: text(pick(payment, 'status_detail')),
    paymentMethodId: text(pick(payment, 'payment_method_id')),
    paymentTypeId: text(pick(payment, 'payment_type_id')),
    issuerId: text(pick(payment, 'issuer_id')),
    lastFour: text(pick(payment, 'card', 'last_four_digits')),
    installments: typeof installments === 'number' ? installments : undefined,
    approvedAt: text(pick(payment, 'date_approved')),
  };
}

/** A string or number field as text; undefined when absent. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function rejectionReason(detail: unknown): string {
  return (typeof detail === 'string' && REJECTION_REASONS[detail]) || 'Pago rechazado';
}
