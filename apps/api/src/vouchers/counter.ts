/**
 * What an admin does with a batch's vouchers over the counter: sell them (each becomes a `paid`
 * `transacciones` row of channel `voucher` at the moment of sale, at the price printed on it) and
 * revoke unsold ones (their users removed from the router). A sold voucher then lives as any sold
 * plan user: its first login makes it `usado`, the expiry sweep ends it (src/plans/).
 */
import type { NewTransaction } from '../db/transactions.js';
import type { Db } from '../db/connection.js';
import {
  revokeVouchers,
  sellLoggedInVouchers,
  sellVouchers,
  type BatchRow,
  type VoucherRow,
  type VoucherSelection,
} from '../db/vouchers.js';
import { removeHotspotUser } from '../payments/hotspot-users.js';
import { saleLimits } from '../plans/limits.js';
import type { VoucherDeps } from './batch.js';

/** A sold voucher's sale: the voucher's id, user and credentials, the batch's plan and price, paid and settled when sold. */
export function voucherSale(voucher: VoucherRow, batch: BatchRow, soldAt: Date): NewTransaction {
  return {
    id: voucher.id,
    empresa_id: batch.empresa_id,
    router_id: batch.router_id,
    producto_id: batch.producto_id,
    product_name: batch.product_name,
    hotspot_profile: batch.hotspot_profile,
    amount_cents: batch.amount_cents,
    moneda: batch.moneda,
    gateway: null,
    channel: 'voucher',
    user_kind: batch.user_kind,
    hotspot_username: voucher.hotspot_username,
    hotspot_password_sealed: voucher.hotspot_password_sealed,
    router_user_id: voucher.router_user_id,
    // Legacy NOT NULL columns: a voucher is sold to nobody the service knows ('' = not given).
    cliente_nombre: '',
    cliente_email: '',
    paid_at: soldAt,
    settled_at: soldAt,
    ...saleLimits(batch, soldAt),
  };
}

/** Sells the selected unsold vouchers now. @returns the vouchers sold by this call */
export async function sellSelected(
  deps: Pick<VoucherDeps, 'db' | 'now'>,
  companyId: string,
  selection: VoucherSelection,
): Promise<VoucherRow[]> {
  const at = deps.now();
  return sellVouchers(deps.db, companyId, selection, at, (voucher, batch) => voucherSale(voucher, batch, at));
}

/**
 * Sells the unsold vouchers whose users the router shows logged in, each when its first login
 * began: a card in use was handed over, so its money counts from then, at its printed price, as if
 * an admin had sold it (the sale says why). An admin who marks it sold later sells nothing twice.
 * @returns the vouchers sold by this call
 */
export async function sellOnFirstLogin(
  db: Db,
  routerId: string,
  logins: ReadonlyArray<{ username: string; at: Date }>,
): Promise<VoucherRow[]> {
  return sellLoggedInVouchers(db, routerId, logins, (voucher, batch) => ({
    ...voucherSale(voucher, batch, voucher.sold_at!),
    reason: 'Vendido al verse su primer acceso en el router, sin marcarse antes como vendido',
  }));
}

/**
 * Revokes the selected unsold vouchers, then removes their users from the router in one pipelined
 * burst. The database moves first, so a sale racing the revoke either wins (the voucher stays) or
 * loses (it is not sold); a removal the router did not take is finished by revoking again, or by
 * reconciliation's sweep of stray users. @returns the selected revoked vouchers
 * @throws a router failure (after the database moved)
 */
export async function revokeSelected(
  deps: VoucherDeps,
  companyId: string,
  routerId: string,
  selection: VoucherSelection,
): Promise<VoucherRow[]> {
  const revoked = await revokeVouchers(deps.db, companyId, selection, deps.now());
  const onRouter = revoked.flatMap((v) => (v.router_user_id === null ? [] : [v.router_user_id]));
  if (onRouter.length === 0) return revoked;
  const exec = await deps.routerExecFor(routerId);
  const results = await Promise.allSettled(onRouter.map((id) => removeHotspotUser(exec, id)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return revoked;
}
