/**
 * Mercado Pago's webhook signature: `X-Signature: ts=<ts>,v1=<hex>` where v1 is the HMAC-SHA256,
 * keyed with the empresa's webhook secret, of `id:<data.id>;request-id:<X-Request-Id>;ts:<ts>;`.
 * Compared in constant time; the old service only logged mismatches.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The parts of an `X-Signature` header. */
export interface WebhookSignature {
  ts: string;
  v1: string;
}

/** Parses `ts=…,v1=…` (any order, spaces allowed); undefined when either part is missing or v1 is not hex. */
export function parseSignatureHeader(header: string | undefined): WebhookSignature | undefined {
  if (!header) return undefined;
  const parts = new Map<string, string>();
  for (const piece of header.split(',')) {
    const eq = piece.indexOf('=');
    if (eq > 0) parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const ts = parts.get('ts');
  const v1 = parts.get('v1');
  if (!ts || !v1 || !/^[0-9a-f]{64}$/i.test(v1)) return undefined;
  return { ts, v1: v1.toLowerCase() };
}

/** True when `signature` was made with `secret` for this notification. */
export function verifyWebhookSignature(secret: string, signature: WebhookSignature, dataId: string, requestId: string): boolean {
  const manifest = `id:${dataId};request-id:${requestId};ts:${signature.ts};`;
  const expected = createHmac('sha256', secret).update(manifest).digest();
  return timingSafeEqual(expected, Buffer.from(signature.v1, 'hex'));
}
