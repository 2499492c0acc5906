/**
 * Rows as the API shows them, with the old service's field names. Secrets never leave through a
 * view: a configured secret shows as MASK, an absent one as null.
 */
import type { EmpresaRow } from '../db/empresas.js';
import type { ProductoRow } from '../db/productos.js';
import type { ApiKeyRow, RouterRow } from '../db/routers.js';
import type { UsuarioRow } from '../db/usuarios.js';
import { amountFromCents } from '../money.js';

export const MASK = '********';

const mask = (sealed: string | null): string | null => (sealed === null ? null : MASK);

export function conektaView(e: EmpresaRow) {
  return {
    conekta_public_key: e.conekta_public_key,
    conekta_private_key: mask(e.conekta_private_key_sealed),
    conekta_mode: e.conekta_mode,
  };
}

export function mercadoPagoView(e: EmpresaRow) {
  return {
    mercadopago_public_key: e.mercadopago_public_key,
    mercadopago_access_token: mask(e.mercadopago_access_token_sealed),
    mercadopago_mode: e.mercadopago_mode,
    mercadopago_webhook_secret: mask(e.mercadopago_webhook_secret_sealed),
  };
}

export function empresaView(e: EmpresaRow) {
  return {
    id: e.id,
    nombre: e.nombre,
    contacto_email: e.contacto_email,
    contacto_telefono: e.contacto_telefono,
    activa: e.activa,
    creada_en: e.creada_en.toISOString(),
    ...conektaView(e),
    ...mercadoPagoView(e),
  };
}

export function routerView(r: RouterRow) {
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

export function apiKeyInfoView(k: ApiKeyRow) {
  return { key_id: k.key_id, issued_at: k.issued_at.toISOString(), expires_at: k.expires_at.toISOString() };
}

/** `activa`, `revocada` or `expirada` at `now`. */
export function apiKeyEstado(k: ApiKeyRow, now: Date): 'activa' | 'revocada' | 'expirada' {
  if (k.revoked_at !== null) return 'revocada';
  return k.expires_at > now ? 'activa' : 'expirada';
}

export function apiKeyView(k: ApiKeyRow, now: Date) {
  return {
    ...apiKeyInfoView(k),
    revoked_at: k.revoked_at?.toISOString() ?? null,
    last_used_at: k.last_used_at?.toISOString() ?? null,
    estado: apiKeyEstado(k, now),
  };
}

export function usuarioView(u: UsuarioRow) {
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

export function productoView(p: ProductoRow) {
  return {
    id: p.id,
    empresa_id: p.empresa_id,
    router_id: p.router_id,
    perfil_mikrotik_id: p.perfil_mikrotik_id,
    perfil_mikrotik_nombre: p.perfil_mikrotik_nombre,
    nombre_venta: p.nombre_venta,
    descripcion: p.descripcion,
    imagen_url: p.imagen_url,
    precio: amountFromCents(p.precio_centavos),
    precio_centavos: p.precio_centavos,
    moneda: p.moneda,
    detalles: JSON.parse(p.detalles) as string[],
    activo: p.activo,
    orden_visual: p.orden_visual,
    destacado: p.destacado,
    creado_en: p.creado_en.toISOString(),
  };
}
