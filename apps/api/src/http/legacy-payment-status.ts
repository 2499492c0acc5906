/**
 * `estado_pago` as the old service wrote it (LEGACY-API.md §6.7): Conekta's success was `paid`,
 * Mercado Pago's `approved`, anything not settled `pending`, and later Mercado Pago's own words. The
 * old service kept no row for a declined or failed attempt; this service does, so those take the
 * Mercado Pago word for the outcome. The state itself is answered beside it as `estado`.
 */
import type { TransactionRow } from '../db/transactions.js';

export type LegacyPaymentStatus = 'paid' | 'approved' | 'pending' | 'rejected' | 'cancelled' | 'refunded';

const BY_STATE: Record<Exclude<TransactionRow['state'], 'paid'>, LegacyPaymentStatus> = {
  pending: 'pending',
  user_created: 'pending',
  unresolved: 'pending',
  needs_review: 'pending',
  awaiting_payment: 'pending',
  declined: 'rejected',
  router_failed: 'cancelled',
  expired: 'cancelled',
  reversed: 'refunded',
  refunding: 'refunded',
  refunded: 'refunded',
};

/** A paid sale is `approved` when Mercado Pago took it and `paid` otherwise (Conekta, a voucher sold over the counter). */
export function legacyPaymentStatus(t: Pick<TransactionRow, 'state' | 'gateway'>): LegacyPaymentStatus {
  if (t.state === 'paid') return t.gateway === 'mercadopago' ? 'approved' : 'paid';
  return BY_STATE[t.state];
}
