/**
 * The card purchase's answers as the old service gave them (LEGACY-API.md §4.5.3, §4.5.4): status
 * codes, `estado_pago` in the gateway's own words (`paid`, `approved`, `pending`), `auto_conexion`
 * with `verificado`, Mercado Pago's `mercado_pago{...}` and `advertencia`, the Spanish messages.
 * What this service knows besides goes in fields the old answers did not have (`estado`, and
 * `id_transaccion` on every failure so a portal can ask estado-pago).
 */
import type { TransactionRow } from '../db/transactions.js';
import { amountFromCents } from '../money.js';
import type { DeviceLogin } from '../payments/auto-connect.js';
import type { HotspotCredentials } from '../payments/credentials.js';
import type { ChargeDetails, GatewayName } from '../payments/gateways/gateway.js';
import type { PurchaseOutcome } from '../payments/purchase.js';
import type { Answer } from './keyed-answer.js';
import { conektaErrorMessage, conektaStatusMessage, mercadoPagoDeclineMessage } from './legacy-gateway-messages.js';
import { legacyPaymentStatus } from './legacy-payment-status.js';

/** The Mercado Pago payment id as the old service gave it: a number (the payment id is numeric). */
export function mercadoPagoPaymentId(chargeId: string | null | undefined): number | string | null {
  if (!chargeId) return null;
  return /^\d{1,15}$/.test(chargeId) ? Number(chargeId) : chargeId;
}

/** What the portal asked about logging the device in, and how it went (undefined: not tried). */
export interface LoginRequest {
  requested: boolean;
  /** The MAC and IP as the portal sent them (the old service echoed them, not the router's). */
  mac: string | undefined;
  ip: string | undefined;
  result: DeviceLogin | undefined;
}

const NOT_REQUESTED = 'Favor de ingresar sus credenciales para conectar a Internet';
const NOT_CONNECTED = 'No se pudo conectar automáticamente. Use las credenciales para conectar a Internet';

/**
 * The old `auto_conexion` object (§4.5.3), plus what the old one did not say: the address the device
 * was logged in from (`ip_dispositivo`, found on the router when the portal sent none) and why a
 * login did not happen (`motivo`). `session_id` was always null there; there is none here either.
 */
export function legacyAutoConnection(login: LoginRequest) {
  if (!login.requested) return { estado: 'no_conectado', mac: '', ip: '', mensaje: NOT_REQUESTED, verificado: false };
  if (!login.mac) return { estado: 'no_conectado', mac: '', ip: '', mensaje: NOT_CONNECTED, verificado: false };
  const sent = { mac: login.mac, ip: login.ip ?? '' };
  const result = login.result;
  switch (result?.outcome) {
    case 'logged_in':
      return {
        estado: 'conectado',
        ...sent,
        mensaje: '¡Conexión establecida con éxito! Disfrute de Internet sin límites',
        verificado: true,
        session_id: null,
        ip_dispositivo: result.ip,
      };
    case 'unreachable':
      return {
        estado: 'no_conectado',
        ...sent,
        mensaje: 'El servicio está tardando en responder. Use las credenciales para conectarse a internet',
        verificado: false,
        ip_dispositivo: result.ip,
        motivo: 'Router no disponible',
      };
    case 'refused':
      return { estado: 'no_conectado', ...sent, mensaje: NOT_CONNECTED, verificado: false, ip_dispositivo: result.ip, motivo: result.trap };
    case 'no_address':
      return {
        estado: 'no_conectado',
        ...sent,
        mensaje: NOT_CONNECTED,
        verificado: false,
        ip_dispositivo: null,
        motivo: 'El dispositivo no aparece en el hotspot',
      };
    case undefined:
      return { estado: 'no_conectado', ...sent, mensaje: NOT_CONNECTED, verificado: false };
  }
}

/** The success answer's body: the credentials and what was bought. */
function saleBody(tx: TransactionRow, credentials: HotspotCredentials, now: Date) {
  return {
    success: true,
    id_transaccion: tx.id,
    estado_pago: legacyPaymentStatus(tx),
    estado: tx.state,
    tipo_usuario: tx.user_kind,
    usuario_hotspot: { usuario: credentials.username, contrasena: credentials.password },
    producto: {
      nombre: tx.product_name,
      precio: amountFromCents(tx.amount_cents),
      moneda: tx.moneda,
      perfil_mikrotik: tx.hotspot_profile,
    },
    cliente: { nombre: tx.cliente_nombre, email: tx.cliente_email },
    timestamp: now.toISOString(),
  };
}

/**
 * The old `mercado_pago` object. `raw_response` was Mercado Pago's whole payment, metadata with the
 * router's address included (§8 item 8): here it holds the payment's own fields only.
 */
function mercadoPagoBlock(tx: TransactionRow, charge: ChargeDetails | undefined, approved: boolean, installments: number) {
  const status = charge?.status ?? (approved ? 'approved' : 'pending');
  const method = { id: charge?.paymentMethodId ?? null, type: charge?.paymentTypeId ?? null };
  const paymentId = mercadoPagoPaymentId(tx.charge_id);
  return {
    payment_id: paymentId,
    status,
    status_detail: charge?.statusDetail ?? (approved ? 'accredited' : ''),
    installments: charge?.installments ?? installments,
    payment_method: approved
      ? {
          ...method,
          issuer: charge?.issuerId ?? null,
          last_four_digits: charge?.lastFour ?? null,
          installments: charge?.installments ?? installments,
        }
      : method,
    raw_response: approved
      ? {
          id: paymentId,
          status,
          status_detail: charge?.statusDetail ?? 'accredited',
          external_reference: tx.id,
          transaction_amount: amountFromCents(tx.amount_cents),
          currency_id: tx.moneda,
          payment_method_id: method.id,
          payment_type_id: method.type,
          installments: charge?.installments ?? installments,
          date_approved: charge?.approvedAt ?? tx.paid_at?.toISOString() ?? null,
        }
      : {},
  };
}

/** How the purchase is answered: gateway, login and the clock, besides its outcome. */
export interface AnswerContext {
  gateway: GatewayName;
  login: LoginRequest;
  /** Mercado Pago's installments as asked (its answer's, when it gave them). */
  installments: number;
  now: Date;
}

/** The answer to a card purchase, by outcome, as the old service gave it. */
export function legacyPurchaseAnswer(outcome: PurchaseOutcome, context: AnswerContext): Answer {
  const { gateway } = context;
  const tx = outcome.transaction;
  switch (outcome.kind) {
    case 'paid':
      return {
        statusCode: 200,
        body: {
          ...saleBody(tx, outcome.credentials, context.now),
          ...(gateway === 'mercadopago' ? { mercado_pago: mercadoPagoBlock(tx, outcome.charge, true, context.installments) } : {}),
          auto_conexion: legacyAutoConnection(context.login),
        },
      };
    case 'unresolved':
      // Mercado Pago `pending` was a success there: the credentials, and a warning. Here the user
      // stays disabled until the payment is confirmed, so they start working when it is.
      if (gateway === 'mercadopago' && (outcome.cause === undefined || outcome.cause === 'pending')) {
        return {
          statusCode: 200,
          body: {
            ...saleBody(tx, outcome.credentials, context.now),
            mercado_pago: mercadoPagoBlock(tx, outcome.charge, false, context.installments),
            auto_conexion: legacyAutoConnection(context.login),
            advertencia: 'Pago pendiente de confirmación',
          },
        };
      }
      if (outcome.cause === 'timeout')
        return failure(
          tx,
          504,
          gateway === 'conekta' ? 'Tiempo de espera agotado. Intente nuevamente.' : 'Error interno al procesar el pago',
        );
      if (outcome.cause === 'error')
        return failure(tx, 500, gateway === 'conekta' ? 'Error interno al procesar el pago.' : 'Error interno al procesar el pago');
      return failure(tx, 402, conektaStatusMessage(outcome.charge?.status ?? 'pending'));
    case 'declined': {
      if (gateway === 'mercadopago') return failure(tx, 402, mercadoPagoDeclineMessage(outcome.code));
      // A 200 with a not-paid order had its own messages; a 402 was Conekta's error, mapped.
      const detail = outcome.charge ? conektaStatusMessage(outcome.charge.status) : conektaErrorMessage(outcome.code, outcome.reason);
      return failure(tx, 402, detail);
    }
    case 'gateway_failed':
      return gatewayRefusal(outcome, gateway);
    case 'router_failed':
      // The router's address stays in the log: a refusal gives the router's words, an outage only the fact.
      return failure(tx, 500, `No se pudo crear el usuario: ${outcome.routerAnswered ? outcome.reason : 'Router no disponible'}`);
  }
}

/** Statuses the old service passed on from Conekta as they came; any other became a 500. */
const CONEKTA_PASSED_ON = new Set([400, 401, 404, 422, 429]);

/** The gateway refused the request itself (a 4xx), or was never reached: nothing was charged. */
function gatewayRefusal(outcome: Extract<PurchaseOutcome, { kind: 'gateway_failed' }>, gateway: GatewayName): Answer {
  const tx = outcome.transaction;
  if (outcome.status === undefined) {
    return failure(tx, 500, gateway === 'conekta' ? 'Error interno al procesar el pago.' : 'Error interno al procesar el pago');
  }
  if (gateway === 'conekta') {
    return failure(tx, CONEKTA_PASSED_ON.has(outcome.status) ? outcome.status : 500, conektaErrorMessage(outcome.code, outcome.reason));
  }
  if (outcome.status === 400) return failure(tx, 400, `Error de validación: ${outcome.reason.replace(/^\d{3}: /, '')}`);
  return failure(tx, 500, `Estado de pago no manejado: ${outcome.status}`);
}

/** An error answer: the old `detail`, and the attempt, so a portal can ask estado-pago about it. */
function failure(tx: TransactionRow, statusCode: number, detail: string): Answer {
  return {
    statusCode,
    body: { detail, success: false, id_transaccion: tx.id, estado_pago: legacyPaymentStatus(tx), estado: tx.state },
  };
}
