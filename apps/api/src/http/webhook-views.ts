/**
 * The old service's answers of its webhook routes (LEGACY-API.md §4.6): the notification's
 * acknowledgement, the webhook's setup and status, and a transaction as the webhook saw it. What
 * this service adds (`resultado`, `estado`) rides beside the old fields.
 */
import { Type } from 'typebox';
import type { CompanyRow } from '../db/companies.js';
import type { TransactionRow } from '../db/transactions.js';
import { amountFromCents } from '../money.js';
import type { NotificationOutcome } from '../payments/mercado-pago-notification.js';
import { legacyPaymentStatus } from './legacy-payment-status.js';
import { naiveUtc } from './legacy-time.js';
import { nullable } from './schemas.js';
import { MASK, PAYMENT_STATUS_NAMES } from './views.js';

const str = Type.String();
const nullableStr = nullable();
const bool = Type.Boolean();
const companyRef = Type.Object({ id: str, nombre: str });

export const WEBHOOK_PATH = '/api/v1/webhook/mercado-pago';

export const notificationAnswerSchema = Type.Object({
  status: Type.Literal('received'),
  message: str,
  received_at: str,
  notification_id: Type.Optional(str),
  type: Type.Optional(str),
  /** `{id, nombre}` for a payment, the empresa's name for other types (as the old service answered). */
  empresa: Type.Optional(Type.Union([companyRef, str])),
  transaction: Type.Optional(Type.Object({ id: str, transaccion_id: nullableStr, external_reference: str })),
  signature_verified: Type.Optional(bool),
  data_id: Type.Optional(str),
  /** What became of the notification: `procesado`, `duplicado` (seen before) or `ignorado`. */
  resultado: str,
  /** The attempt's state after it (this service's word), when it settled one. */
  estado: Type.Optional(str),
});

export function notificationAnswer(n: {
  receivedAt: Date;
  notificationId: string;
  type: string;
  dataId: string;
  company: CompanyRow;
  transaction: TransactionRow | undefined;
  outcome: NotificationOutcome;
}) {
  const base = {
    status: 'received' as const,
    message: 'Webhook received and queued',
    received_at: naiveUtc(n.receivedAt),
    resultado: n.outcome.status,
    ...(n.outcome.status === 'procesado' && n.outcome.state ? { estado: PAYMENT_STATUS_NAMES[n.outcome.state] } : {}),
  };
  const tx = n.transaction;
  // The old service answered more only about a transaction it knew.
  if (!tx) return base;
  const known = { notification_id: n.notificationId, signature_verified: true };
  if (n.type === 'payment') {
    return {
      ...base,
      ...known,
      type: 'payment',
      empresa: { id: n.company.id, nombre: n.company.nombre },
      transaction: { id: tx.id, transaccion_id: tx.charge_id, external_reference: tx.id },
      data_id: n.dataId,
    };
  }
  const message = n.type === 'test' ? 'Test webhook received successfully' : `Webhook type '${n.type}' received`;
  return { ...base, ...known, message, empresa: n.company.nombre };
}

/** The steps the old service listed; the secret is not repeated (it echoed its first 10 characters). */
export function webhookInstructions(url: string): string[] {
  return [
    '1. Ir al panel de Mercado Pago',
    '2. Configurar Webhooks',
    `3. URL: ${url}`,
    `4. Usar esta misma clave secreta: ${MASK}`,
    "5. Suscribir eventos: 'payment'",
  ];
}

export const webhookConfiguredSchema = Type.Object({
  success: Type.Literal(true),
  message: str,
  empresa: companyRef,
  webhook_url: str,
  instrucciones: Type.Array(str),
});

export const webhookStatusSchema = Type.Object({
  empresa: Type.Object({
    id: str,
    nombre: str,
    modo_mercado_pago: nullableStr,
    access_token_configurado: bool,
    webhook_secret_configurado: bool,
  }),
  estadisticas: Type.Object({ total_transacciones: Type.Integer() }),
  configuracion_webhook: Type.Object({ url: str, metodo: str, header_firma: str, tipo_contenido: str }),
  estado: Type.Union([Type.Literal('configurado'), Type.Literal('pendiente')]),
  timestamp: str,
});

export function webhookStatus(company: CompanyRow, totalTransactions: number, url: string, now: Date) {
  const tokenSet = company.mercadopago_access_token_sealed !== null;
  const secretSet = company.mercadopago_webhook_secret_sealed !== null;
  return {
    empresa: {
      id: company.id,
      nombre: company.nombre,
      modo_mercado_pago: company.mercadopago_mode,
      access_token_configurado: tokenSet,
      webhook_secret_configurado: secretSet,
    },
    estadisticas: { total_transacciones: totalTransactions },
    configuracion_webhook: { url, metodo: 'POST', header_firma: 'X-Signature', tipo_contenido: 'application/json' },
    // Notifications are acted on only with both: the secret checks them, the token reads the payment back.
    estado: tokenSet && secretSet ? ('configurado' as const) : ('pendiente' as const),
    timestamp: naiveUtc(now),
  };
}

export const webhookProbeSchema = Type.Object({
  status: Type.Literal('active'),
  service: str,
  endpoint: str,
  method: str,
  description: str,
  url_produccion: str,
  url_pruebas: str,
  health_check: str,
  timestamp: str,
});

export const webhookTransactionSchema = Type.Object({
  transaction: Type.Object({
    id: str,
    transaccion_id: nullableStr,
    external_reference: nullableStr,
    empresa_id: str,
    estado_pago: str,
    monto: Type.Unsafe<number | null>({ type: ['number', 'null'] }),
    usuario_hotspot: nullableStr,
    creada_en: str,
    pagada_en: nullableStr,
    webhook_processed: bool,
    notification_id: nullableStr,
    metadata_json: Type.Object({ gateway: nullableStr, canal: str }),
    estado: str,
  }),
  empresa: Type.Object({ id: str, nombre: str, tiene_webhook_secret: bool }),
});

export function webhookTransaction(tx: TransactionRow, company: CompanyRow, webhookProcessed: boolean) {
  return {
    transaction: {
      id: tx.id,
      transaccion_id: tx.charge_id,
      // This service's reference at Mercado Pago is the attempt's own id.
      external_reference: tx.gateway === 'mercadopago' ? tx.id : null,
      empresa_id: tx.empresa_id,
      estado_pago: legacyPaymentStatus(tx),
      monto: amountFromCents(tx.amount_cents),
      // A PIN user's name is its password.
      usuario_hotspot: tx.user_kind === 'pin' ? MASK : tx.hotspot_username,
      creada_en: naiveUtc(tx.created_at),
      pagada_en: tx.paid_at ? naiveUtc(tx.paid_at) : null,
      webhook_processed: webhookProcessed,
      notification_id: null,
      metadata_json: { gateway: tx.gateway, canal: tx.channel },
      estado: PAYMENT_STATUS_NAMES[tx.state],
    },
    empresa: { id: company.id, nombre: company.nombre, tiene_webhook_secret: company.mercadopago_webhook_secret_sealed !== null },
  };
}
