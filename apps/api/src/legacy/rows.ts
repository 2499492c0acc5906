/**
 * One old row → the service's row (LEGACY-API.md §6 → this service's schema), or the reason it
 * cannot be imported. Secrets are sealed with the service's key here; nothing returned as a reason
 * or note ever carries one.
 */
import type { Insertable } from 'kysely';
import type { LegacyApiKey, LegacyCompany, LegacyProduct, LegacyRouter, LegacyTransaction, LegacyUser } from '../db/legacy-source.js';
import type { CompaniesTable, Currency, ProductsTable, RouterApiKeysTable, RoutersTable, UsersTable } from '../db/schema.js';
import type { TransactionState, TransactionsTable } from '../db/transactions.js';
import { AmountError, centsFromAmount } from '../money.js';
import { isBcryptHash } from '../security/passwords.js';
import type { SecretBox } from '../security/secret-box.js';
import { type FernetKey, FernetError, isFernetToken, openFernet } from './fernet.js';

/** The converted row with what the operator should know about it, or why it was left out. */
export type Converted<Row> = { row: Row; notes: string[] } | { reason: string };

export interface ConvertContext {
  secrets: SecretBox;
  /** Opens the Mercado Pago values the old service encrypted (`--mercado-pago-key`). */
  mercadoPagoKey: FernetKey | undefined;
  /** The import's time: stands in for a missing creation time, and settles imported sales. */
  now: Date;
}

const ROUTER_TLS_PORT = 8729;
const MONEDAS: readonly string[] = ['MXN', 'USD', 'EUR'] satisfies Currency[];

const blankToNull = (value: string | null): string | null => (value === null || value.trim() === '' ? null : value.trim());

/**
 * A Mercado Pago secret as the old `decrypt_if_needed` read it (§6.8): a Fernet token opened with
 * the key, anything else taken as plain text; sealed with the service's key.
 */
function mercadoPagoSecret(value: string | null, what: string, ctx: ConvertContext, notes: string[]): string | null {
  const text = blankToNull(value);
  if (text === null) return null;
  if (!isFernetToken(text)) return ctx.secrets.seal(text);
  if (!ctx.mercadoPagoKey) {
    notes.push(`${what} not imported: it is Fernet-encrypted; run again with --mercado-pago-key (the old ENCRYPTION_KEY_MERCADO_PAGO)`);
    return null;
  }
  try {
    return ctx.secrets.seal(openFernet(text, ctx.mercadoPagoKey).trim());
  } catch (error) {
    if (!(error instanceof FernetError)) throw error;
    notes.push(`${what} not imported: ${error.message}`);
    return null;
  }
}

export function convertCompany(old: LegacyCompany, ctx: ConvertContext): Converted<Insertable<CompaniesTable>> {
  const notes: string[] = [];
  const conektaPrivate = blankToNull(old.conekta_private_key);
  const telegramToken = blankToNull(old.telegram_bot_token);
  const row: Insertable<CompaniesTable> = {
    id: old.id,
    nombre: old.nombre,
    contacto_email: blankToNull(old.contacto_email),
    contacto_telefono: blankToNull(old.contacto_telefono),
    activa: old.activa ?? true,
    creada_en: old.creada_en ?? ctx.now,
    conekta_public_key: blankToNull(old.conekta_public_key),
    conekta_private_key_sealed: conektaPrivate === null ? null : ctx.secrets.seal(conektaPrivate),
    conekta_mode: blankToNull(old.conekta_mode),
    mercadopago_public_key: blankToNull(old.mercado_pago_public_key),
    mercadopago_access_token_sealed: mercadoPagoSecret(old.mercado_pago_access_token, 'Mercado Pago access token', ctx, notes),
    mercadopago_mode: blankToNull(old.mercado_pago_mode),
    mercadopago_webhook_secret_sealed: mercadoPagoSecret(old.mercado_pago_webhook_secret, 'Mercado Pago webhook secret', ctx, notes),
    telegram_bot_token_sealed: telegramToken === null ? null : ctx.secrets.seal(telegramToken),
    telegram_chat_id: blankToNull(old.telegram_chat_id),
    telegram_notifications: old.notificaciones_telegram ?? false,
  };
  if (blankToNull(old.logo_url) !== null) notes.push('logo not imported: the file is on the old server’s disk, not in its database');
  return { row, notes };
}

/** The old emails compared verbatim; this service compares them lower-cased (as login reads them). */
export function normalizedEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function convertUser(old: LegacyUser, ctx: ConvertContext): Converted<Insertable<UsersTable>> {
  if (old.rol !== 'super_admin' && old.rol !== 'cliente_admin') return { reason: `unknown role ${JSON.stringify(old.rol)}` };
  if ((old.rol === 'super_admin') !== (old.empresa_id === null))
    return { reason: `role ${old.rol} with empresa ${old.empresa_id ?? 'none'}` };
  // Kept as bcrypt: verified at the first login, then re-hashed with this service's scrypt.
  if (!isBcryptHash(old.password_hash)) return { reason: 'its password hash is not bcrypt' };
  return {
    row: {
      email: normalizedEmail(old.email),
      password_hash: old.password_hash,
      nombre: old.nombre,
      rol: old.rol,
      empresa_id: old.empresa_id,
      activo: old.activo ?? true,
      creado_en: old.creado_en ?? ctx.now,
    },
    notes: [],
  };
}

export function convertRouter(old: LegacyRouter, ctx: ConvertContext): Converted<Insertable<RoutersTable>> {
  const puerto = old.puerto ?? 8728;
  const tls = puerto === ROUTER_TLS_PORT;
  return {
    row: {
      id: old.id,
      empresa_id: old.empresa_id,
      nombre: old.nombre,
      host: old.host,
      puerto,
      usuario: old.usuario,
      // Plain text in the old database despite the column's name (§6.3).
      password_sealed: ctx.secrets.seal(old.password_encrypted),
      ubicacion: blankToNull(old.ubicacion),
      activo: old.activo ?? true,
      creado_en: old.creado_en ?? ctx.now,
      tls,
      tls_mode: 'verify-cert',
      tls_ca_pem: null,
    },
    notes: tls
      ? ['TLS on 8729 now verifies the router’s certificate (the old service did not): set tls_ca_pem, or tls_mode anonymous-dh']
      : [],
  };
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function convertApiKey(old: LegacyApiKey, ctx: ConvertContext): Converted<Insertable<RouterApiKeysTable>> {
  const hash = old.key_hash.trim().toLowerCase();
  if (!SHA256_HEX.test(hash)) return { reason: 'its key_hash is not a SHA-256 hex digest' };
  return {
    row: {
      key_id: old.key_id,
      router_id: old.router_id,
      // SHA-256 of the part after `jwt_`: the API-key check hashes an old key the same way.
      key_hash: hash,
      issued_at: old.issued_at,
      expires_at: old.expires_at,
      // The old table has no revocation time: the import's time stands in for it.
      revoked_at: old.revoked ? ctx.now : null,
      last_used_at: old.last_used,
      use_count: old.use_count ?? 0,
    },
    notes: [],
  };
}

/** `detalles` as this service stores them (a JSON array of strings), from objects `{"texto": …}` or strings (§6.10). */
function detallesText(detalles: unknown): string | undefined {
  if (detalles === null || detalles === undefined) return '[]';
  if (!Array.isArray(detalles)) return undefined;
  const lines: string[] = [];
  for (const item of detalles) {
    if (typeof item === 'string') lines.push(item);
    else if (item !== null && typeof item === 'object' && typeof (item as { texto?: unknown }).texto === 'string')
      lines.push((item as { texto: string }).texto);
    else return undefined;
  }
  return JSON.stringify(lines);
}

function cents(amount: string): number | undefined {
  try {
    return centsFromAmount(Number(amount));
  } catch (error) {
    if (error instanceof AmountError) return undefined;
    throw error;
  }
}

export function convertProduct(old: LegacyProduct, ctx: ConvertContext): Converted<Insertable<ProductsTable>> {
  const precio = cents(old.precio);
  if (precio === undefined) return { reason: `price ${old.precio} is not a positive amount` };
  const moneda = old.moneda ?? 'MXN';
  if (!MONEDAS.includes(moneda)) return { reason: `currency ${JSON.stringify(moneda)} is not one of ${MONEDAS.join(', ')}` };
  const detalles = detallesText(old.detalles);
  if (detalles === undefined) return { reason: 'its detalles are not a list of texts' };
  return {
    row: {
      id: old.id,
      empresa_id: old.empresa_id,
      router_id: old.router_id,
      perfil_mikrotik_id: blankToNull(old.perfil_mikrotik_id),
      perfil_mikrotik_nombre: old.perfil_mikrotik_nombre,
      nombre_venta: old.nombre_venta,
      descripcion: old.descripcion,
      imagen_url: blankToNull(old.imagen_url),
      price_cents: precio,
      moneda: moneda as Currency,
      detalles,
      activo: old.activo ?? true,
      orden_visual: old.orden_visual ?? 0,
      destacado: old.destacado ?? false,
      creado_en: old.creado_en ?? ctx.now,
    },
    notes: [],
  };
}

/** The id an imported sale takes: stable, so a second run finds it. */
export const importedTransactionId = (oldId: number): string => `TRX_LEGACY_${oldId}`;

/** Which gateway took the payment: Mercado Pago ids are decimal, Conekta orders start `ord_`, only Conekta wrote `paid` (§6.6, §6.7). */
function gatewayOf(old: LegacyTransaction): 'conekta' | 'mercadopago' | undefined {
  const chargeId = old.transaccion_id ?? '';
  const metadataGateway = (old.metadata_json as { gateway?: unknown } | null)?.gateway;
  if (metadataGateway === 'mercado_pago' || old.external_reference !== null || /^\d+$/.test(chargeId)) return 'mercadopago';
  if (chargeId.startsWith('ord_') || old.estado_pago === 'paid') return 'conekta';
  return undefined;
}

/**
 * The old `estado_pago` (§6.7) as this service's state. Outcomes the old service never settled
 * (Mercado Pago `pending`, `in_process`, …) become `unresolved`, with the old value as the reason.
 */
function stateOf(statePago: string | null): TransactionState {
  switch (statePago) {
    case 'paid':
    case 'approved':
      return 'paid';
    case 'rejected':
    case 'cancelled':
      return 'declined';
    case 'refunded':
    case 'charged_back':
      return 'reversed';
    default:
      return 'unresolved';
  }
}

export function convertTransaction(
  old: LegacyTransaction,
  product: LegacyProduct | undefined,
  ctx: ConvertContext,
): Converted<Insertable<TransactionsTable>> {
  if (old.producto_id === null) return { reason: 'no plan recorded' };
  if (!product) return { reason: `plan ${old.producto_id} is not in the old database` };
  const amountCents = cents(old.monto);
  if (amountCents === undefined) return { reason: `amount ${old.monto} is not a positive amount` };
  const gateway = gatewayOf(old);
  if (!gateway) return { reason: 'its gateway cannot be told (no charge id)' };
  const state = stateOf(old.estado_pago);
  const createdAt = old.creada_en ?? old.pagada_en ?? ctx.now;
  const password = old.password_hotspot ?? '';
  return {
    row: {
      id: importedTransactionId(old.id),
      empresa_id: old.empresa_id,
      router_id: old.router_id,
      producto_id: old.producto_id,
      // The old database did not copy the sold plan: its current name and profile stand in.
      product_name: product.nombre_venta,
      hotspot_profile: product.perfil_mikrotik_nombre,
      amount_cents: amountCents,
      moneda: (old.moneda ?? 'MXN') as Currency,
      gateway,
      state,
      // A PIN user had an empty password on the router (§5.1).
      user_kind: password === '' ? 'pin' : 'usuario_contrasena',
      hotspot_username: old.usuario_hotspot ?? '',
      hotspot_password_sealed: ctx.secrets.seal(password),
      router_user_id: null,
      charge_id: old.transaccion_id,
      reason: state === 'paid' ? null : `imported with the old estado_pago ${JSON.stringify(old.estado_pago)}`,
      cliente_nombre: old.cliente_nombre ?? '',
      cliente_email: old.cliente_email ?? '',
      cliente_telefono: old.cliente_telefono,
      client_mac: null,
      client_ip: null,
      created_at: createdAt,
      updated_at: old.webhook_received_at ?? old.pagada_en ?? createdAt,
      paid_at: state === 'paid' || state === 'reversed' ? (old.pagada_en ?? createdAt) : null,
      // History, not work: reconciliation never acts on an imported sale (its hotspot user is long gone or expired).
      settled_at: ctx.now,
      lease_until: null,
    },
    notes: [],
  };
}
