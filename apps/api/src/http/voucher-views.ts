/**
 * Voucher batches and vouchers as the client admin's API shows them (Spanish field and state names,
 * as issue 15 names them). A PIN voucher's name is its password, so lists mask it like sales do;
 * only the printed sheet shows credentials.
 */
import type { BatchRow, VoucherListRow, VoucherStatus } from '../db/vouchers.js';
import { amountFromCents } from '../money.js';
import { planLimitsView } from '../plans/limits.js';
import { MASK } from './views.js';

export type ApiVoucherStatus = 'creando' | 'sin_vender' | 'vendido' | 'usado' | 'expirado' | 'revocado';

export const VOUCHER_STATUS_NAMES: Record<VoucherStatus, ApiVoucherStatus> = {
  creating: 'creando',
  unsold: 'sin_vender',
  sold: 'vendido',
  used: 'usado',
  expired: 'expirado',
  revoked: 'revocado',
};

export const VOUCHER_STATUSES = Object.fromEntries(Object.entries(VOUCHER_STATUS_NAMES).map(([k, v]) => [v, k])) as Record<
  ApiVoucherStatus,
  VoucherStatus
>;

/** A listed voucher's status: a sold one follows its user's life. */
export function voucherStatus(v: VoucherListRow): VoucherStatus {
  if (v.state !== 'sold') return v.state;
  if (v.user_state === 'unused' || v.user_state === null) return 'sold';
  return v.user_state === 'active' ? 'used' : 'expired';
}

export function voucherView(v: VoucherListRow) {
  return {
    id: v.id,
    lote_id: v.batch_id,
    numero: v.number,
    usuario: v.user_kind === 'pin' ? MASK : v.hotspot_username,
    estado: VOUCHER_STATUS_NAMES[voucherStatus(v)],
    vendido_en: v.sold_at?.toISOString() ?? null,
    revocado_en: v.revoked_at?.toISOString() ?? null,
    primer_login_en: v.first_login_at?.toISOString() ?? null,
  };
}

export function batchView(b: BatchRow, counts: Partial<Record<VoucherStatus, number>>) {
  return {
    id: b.id,
    router_id: b.router_id,
    producto_id: b.producto_id,
    producto_nombre: b.product_name,
    perfil_mikrotik: b.hotspot_profile,
    monto: amountFromCents(b.amount_cents),
    monto_centavos: b.amount_cents,
    moneda: b.moneda,
    ...planLimitsView(b),
    tipo_usuario: b.user_kind,
    prefijo: b.prefix,
    cantidad: b.size,
    estado: b.state === 'ready' ? 'listo' : 'creando',
    url_login: b.login_url,
    creado_en: b.created_at.toISOString(),
    conteo: Object.fromEntries(Object.entries(VOUCHER_STATUS_NAMES).map(([status, name]) => [name, counts[status as VoucherStatus] ?? 0])),
  };
}
