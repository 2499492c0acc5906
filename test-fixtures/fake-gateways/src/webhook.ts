import { createHmac } from 'node:crypto';

/** What Mercado Pago signs in a webhook notification. */
export interface WebhookSignatureInput {
  /** The empresa's webhook secret. */
  secret: string;
  /** `data.id` of the notification (the payment id). */
  dataId: string;
  /** The `X-Request-Id` header sent with it. */
  requestId: string;
  /** Unix time in milliseconds; now by default. */
  ts?: number;
}

/**
 * The `X-Signature` header Mercado Pago would send: `ts=<ts>,v1=<hex HMAC-SHA256 of
 * "id:<data.id>;request-id:<x-request-id>;ts:<ts>;">`. For tests that post webhooks.
 */
export function signMercadoPagoWebhook(input: WebhookSignatureInput): string {
  const ts = input.ts ?? Date.now();
  const manifest = `id:${input.dataId};request-id:${input.requestId};ts:${ts};`;
  const v1 = createHmac('sha256', input.secret).update(manifest).digest('hex');
  return `ts=${ts},v1=${v1}`;
}
