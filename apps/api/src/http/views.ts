/**
 * Rows as the API shows them, each typed by its response schema in schemas.ts (so the two cannot drift), with the old service's field names. Secrets never leave through a
 * view: a configured secret shows as MASK, an absent one as null.
 */
import { Type } from 'typebox';
import { nullable } from './schemas.js';
import { logoUrl } from '../branding/logo.js';
import { planLimitsView } from '../plans/limits.js';
import type { UserState } from '../db/transactions.js';
import type { CompanyRow } from '../db/companies.js';
import type { ProductRow } from '../db/products.js';
import type { TransactionRow } from '../db/transactions.js';
import type { RouterRow } from '../db/routers.js';
import type { UserRow } from '../db/users.js';
import { amountFromCents } from '../money.js';
import type { CompanyView, OwnCompanyView, ProductView, RouterView, UserView } from './schemas.js';

export const MASK = '********';

const mask = (sealed: string | null): string | null => (sealed === null ? null : MASK);

export function conektaView(e: CompanyRow) {
  return {
    conekta_public_key: e.conekta_public_key,
    conekta_private_key: mask(e.conekta_private_key_sealed),
    conekta_mode: e.conekta_mode,
  };
}

export function mercadoPagoView(e: CompanyRow) {
  return {
    mercadopago_public_key: e.mercadopago_public_key,
    mercadopago_access_token: mask(e.mercadopago_access_token_sealed),
    mercadopago_mode: e.mercadopago_mode,
    mercadopago_webhook_secret: mask(e.mercadopago_webhook_secret_sealed),
  };
}

/** `configuracion_actual` of the old `GET /api/v1/admin/mi-empresa/conekta`. */
export function legacyConektaConfig(e: CompanyRow) {
  return {
    conekta_public_key: e.conekta_public_key,
    conekta_mode: e.conekta_mode,
    conekta_private_key: mask(e.conekta_private_key_sealed),
  };
}

/** `configuracion_actual` of the old `GET /api/v1/admin/mi-empresa/mercado-pago`. */
export function legacyMercadoPagoConfig(e: CompanyRow) {
  return {
    access_token: mask(e.mercadopago_access_token_sealed),
    public_key: e.mercadopago_public_key,
    mode: e.mercadopago_mode,
    webhook_secret: mask(e.mercadopago_webhook_secret_sealed),
  };
}

export function companyView(e: CompanyRow): CompanyView {
  return {
    id: e.id,
    nombre: e.nombre,
    contacto_email: e.contacto_email,
    contacto_telefono: e.contacto_telefono,
    activa: e.activa,
    creada_en: e.creada_en.toISOString(),
    ...conektaView(e),
    ...mercadoPagoView(e),
    color_primario: e.primary_color,
    color_secundario: e.secondary_color,
    vende_efectivo: e.sells_cash,
  };
}

/** The client admin's own empresa, with the URL of its logo (`logoFile`, null without one). */
export function ownCompanyView(e: CompanyRow, logoFile: string | null): OwnCompanyView {
  return {
    ...companyView(e),
    logo_url: logoUrl(logoFile),
    mercado_pago_public_key: e.mercadopago_public_key,
    mercado_pago_mode: e.mercadopago_mode,
    telegram_bot_token: mask(e.telegram_bot_token_sealed),
    telegram_chat_id: e.telegram_chat_id,
    notificaciones_telegram: e.telegram_notifications,
    zona_horaria: e.zona_horaria,
  };
}

export function routerView(r: RouterRow): RouterView {
  return {
    id: r.id,
    empresa_id: r.empresa_id,
    nombre: r.nombre,
    host: r.host,
    puerto: r.puerto,
    ubicacion: r.ubicacion,
    activo: r.activo,
    creado_en: r.creado_en.toISOString(),
    tls: r.tls,
    tls_mode: r.tls_mode,
  };
}

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    nombre: u.nombre,
    rol: u.rol,
    empresa_id: u.empresa_id,
    activo: u.activo,
    creado_en: u.creado_en.toISOString(),
  };
}

export function productView(p: ProductRow): ProductView {
  return {
    id: p.id,
    empresa_id: p.empresa_id,
    router_id: p.router_id,
    perfil_mikrotik_id: p.perfil_mikrotik_id,
    perfil_mikrotik_nombre: p.perfil_mikrotik_nombre,
    nombre_venta: p.nombre_venta,
    descripcion: p.descripcion,
    imagen_url: p.imagen_url,
    precio: amountFromCents(p.price_cents),
    precio_centavos: p.price_cents,
    moneda: p.moneda,
    detalles: JSON.parse(p.detalles) as string[],
    activo: p.activo,
    orden_visual: p.orden_visual,
    destacado: p.destacado,
    creado_en: p.creado_en.toISOString(),
    ...planLimitsView(p),
  };
}

/** Names of the states in the answers (the old service spoke Spanish to the portals). */
export const PAYMENT_STATUS_NAMES: Record<TransactionRow['state'], string> = {
  pending: 'pendiente',
  user_created: 'pendiente',
  unresolved: 'pendiente',
  paid: 'pagado',
  declined: 'rechazado',
  router_failed: 'fallido',
  reversed: 'reembolsado',
  needs_review: 'en_revision',
  awaiting_payment: 'esperando_pago',
  expired: 'vencido',
  refunding: 'reembolsando',
  refunded: 'reembolsado',
};

/** Where and until when a cash customer pays. */
export const cashVoucherSchema = Type.Object({
  referencia: nullable(),
  url_comprobante: nullable(),
  monto: Type.Number(),
  moneda: Type.String(),
  expira_en: nullable(),
});

/** A cash sale's reference as the answers show it. */
export function cashVoucherView(t: TransactionRow) {
  return {
    referencia: t.payment_reference,
    url_comprobante: t.voucher_url,
    monto: amountFromCents(t.amount_cents),
    moneda: t.moneda,
    expira_en: t.payment_expires_at?.toISOString() ?? null,
  };
}

/** A transaction row for admins: everything but the hotspot password (a PIN user's name is its password, so it is masked too). */
export function transactionView(t: TransactionRow) {
  return {
    id: t.id,
    router_id: t.router_id,
    producto_id: t.producto_id,
    producto_nombre: t.product_name,
    perfil_mikrotik: t.hotspot_profile,
    monto: amountFromCents(t.amount_cents),
    monto_centavos: t.amount_cents,
    moneda: t.moneda,
    pasarela: t.gateway,
    canal: t.channel,
    estado: t.state,
    estado_pago: PAYMENT_STATUS_NAMES[t.state],
    motivo: t.reason,
    cargo_id: t.charge_id,
    tipo_usuario: t.user_kind,
    usuario_hotspot: t.user_kind === 'pin' ? MASK : t.hotspot_username,
    cliente_nombre: t.cliente_nombre,
    cliente_email: t.cliente_email,
    cliente_telefono: t.cliente_telefono,
    mac_cliente: t.client_mac,
    ip_cliente: t.client_ip,
    creado_en: t.created_at.toISOString(),
    pagado_en: t.paid_at?.toISOString() ?? null,
    liquidado_en: t.settled_at?.toISOString() ?? null,
    reembolso_id: t.refund_id,
    reembolsado_en: t.refunded_at?.toISOString() ?? null,
    ...planUserView(t),
  };
}

/** `estado_usuario` as the API names the sold user's states. */
export const USER_STATE_NAMES: Record<UserState, string> = {
  unused: 'sin_usar',
  active: 'activo',
  exhausted: 'agotado',
  expired: 'expirado',
  removed: 'eliminado',
};

const iso = (date: Date | null) => date?.toISOString() ?? null;
/** `2026-12-09 05:00 UTC`: what the customer reads. */
const shortUtc = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** What a sale's hotspot user may still do, in the customer's words ("válido hasta ..."); null for a plan that never ends. */
export function validityText(t: TransactionRow): string | null {
  switch (t.user_state) {
    case 'expired':
      return t.expires_at ? `expiró el ${shortUtc(t.expires_at)}` : 'expirado';
    case 'removed':
      return t.user_removed_at ? `terminado el ${shortUtc(t.user_removed_at)}` : 'terminado';
    case 'exhausted':
      return 'tiempo o datos agotados';
  }
  if (t.expires_at) return `válido hasta ${shortUtc(t.expires_at)}`;
  if (t.validity !== null) return `válido por ${t.validity} desde el primer inicio de sesión`;
  return null;
}

/** A sale's plan limits and its hotspot user's life (issue 13), on every view of a transaction. */
export function planUserView(t: TransactionRow) {
  return {
    ...planLimitsView(t),
    primer_login_en: iso(t.first_login_at),
    expira_en: iso(t.expires_at),
    estado_usuario: USER_STATE_NAMES[t.user_state],
    validez: validityText(t),
  };
}
