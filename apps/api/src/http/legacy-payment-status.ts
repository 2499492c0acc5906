/**
 * `estado_pago` as the old service wrote it (LEGACY-API.md §6.7): Conekta's success was `paid`,
 * Mercado Pago's `approved`, anything not settled `pending`, later Mercado Pago's own words. The old
 * service kept no row for a declined or failed attempt; this service does, so those take the
 * gateway's word for the outcome. The state itself is answered beside it as `estado`. One table for
 * every answer that carries `estado_pago` (portal, webhooks, client admin).
 */
import type { TransactionRow } from '../db/transactions.js';
import type { GatewayName } from '../payments/gateways/gateway.js';

type State = TransactionRow['state'];

/** Each state in Conekta's and Mercado Pago's words, as the old `transacciones.estado_pago` held them (§6.7). */
const LEGACY_STATUS: Record<GatewayName, Record<State, string>> = {
  conekta: {
    paid: 'paid',
    pending: 'pending',
    user_created: 'pending',
    unresolved: 'pending',
    needs_review: 'pending',
    awaiting_payment: 'pending_payment',
    declined: 'declined',
    router_failed: 'failed',
    expired: 'expired',
    refunding: 'refunded',
    refunded: 'refunded',
    reversed: 'refunded',
  },
  mercadopago: {
    paid: 'approved',
    pending: 'pending',
    user_created: 'pending',
    unresolved: 'pending',
    needs_review: 'in_process',
    awaiting_payment: 'pending',
    declined: 'rejected',
    router_failed: 'cancelled',
    expired: 'cancelled',
    refunding: 'refunded',
    refunded: 'refunded',
    reversed: 'refunded',
  },
};

/** `estado_pago` as the old service answered it; a sale with no gateway (a voucher) says `paid` like Conekta. */
export function legacyPaymentStatus(tx: Pick<TransactionRow, 'gateway' | 'state'>): string {
  return LEGACY_STATUS[tx.gateway ?? 'conekta'][tx.state];
}
