/**
 * How the gateways sign and deliver their notifications. The fakes build a notification as data
 * (URL, headers, exact body) so a test can deliver it, deliver it again (a replay) or alter it
 * first (a forgery) before handing it to {@link deliverNotification}.
 */
import { createHmac, sign, type KeyObject } from 'node:crypto';

/** A notification as the gateway would POST it. */
export interface FakeNotification {
  url: string;
  headers: Record<string, string>;
  /** The raw JSON body, byte for byte what was signed. */
  body: string;
}

/** What the receiver answered. */
export interface NotificationReceipt {
  status: number;
  body: string;
}

/** The receiver could not be reached or did not answer in time. */
export class NotificationDeliveryError extends Error {
  constructor(
    readonly url: string,
    override readonly cause: unknown,
  ) {
    super(`notification to ${url} not delivered: ${String(cause)}`);
    this.name = 'NotificationDeliveryError';
  }
}

/** Mercado Pago gives a receiver 22 s to answer before it counts the delivery as failed. */
const DELIVERY_TIMEOUT_MS = 22_000;

/** POSTs `notification` as the gateway would and returns the receiver's answer. */
export async function deliverNotification(
  notification: FakeNotification,
  options: { timeoutMs?: number } = {},
): Promise<NotificationReceipt> {
  try {
    const res = await fetch(notification.url, {
      method: 'POST',
      headers: notification.headers,
      body: notification.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? DELIVERY_TIMEOUT_MS),
    });
    return { status: res.status, body: await res.text() };
  } catch (error) {
    throw new NotificationDeliveryError(notification.url, error);
  }
}

/** What Mercado Pago signs in a webhook notification. */
export interface WebhookSignatureInput {
  /** The empresa's webhook secret. */
  secret: string;
  /** `data.id` of the notification (the payment id). */
  dataId: string;
  /** The `X-Request-Id` header sent with it. */
  requestId: string;
  /** The timestamp as sent (GATEWAYS.md §3.6: documented as milliseconds, shown in seconds); now in milliseconds by default. */
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

/**
 * Conekta's `digest` header: the base64 RSA (PKCS#1 v1.5) SHA-256 signature of the raw body with
 * the private half of the webhook key (GATEWAYS.md §1.9, inferred from Conekta's own example).
 */
export function signConektaWebhook(body: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(body, 'utf8'), privateKey).toString('base64');
}
