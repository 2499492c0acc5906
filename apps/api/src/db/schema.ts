/**
 * The database's table types, as Kysely sees them. Other modules add their own tables by
 * augmenting `Database` from their own file, which keeps each table group's types next to its SQL:
 *
 * ```ts
 * declare module './schema.js' {
 *   interface Database { transacciones: TransactionsTable }
 * }
 * ```
 */
import type { ColumnType, Generated } from 'kysely';

/** A timestamp column: written as a Date (or left to its default), read as a Date. */
export type Timestamp = ColumnType<Date, Date | undefined, Date>;

export interface CompaniesTable {
  id: string;
  nombre: string;
  contacto_email: string | null;
  contacto_telefono: string | null;
  activa: Generated<boolean>;
  creada_en: Timestamp;
  conekta_public_key: string | null;
  /** SecretBox-sealed (see src/security/secret-box.ts). */
  conekta_private_key_sealed: string | null;
  conekta_mode: string | null;
  mercadopago_public_key: string | null;
  mercadopago_access_token_sealed: string | null;
  mercadopago_mode: string | null;
  mercadopago_webhook_secret_sealed: string | null;
  /** IANA zone the empresa's reports count days in ("hoy" is today there). */
  zona_horaria: Generated<string>;
  /** The portal page's colours, `#rrggbb` (API `color_primario`, `color_secundario`); null: the page's own. */
  primary_color: ColumnType<string | null, string | null | undefined, string | null>;
  secondary_color: ColumnType<string | null, string | null | undefined, string | null>;
  /** The portal page offers payment in cash at a store (API `vende_efectivo`). */
  sells_cash: Generated<boolean>;
  /** SecretBox-sealed; the old service's `telegram_bot_token` (API field of that name, masked). */
  telegram_bot_token_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  telegram_chat_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Sales are announced in the Telegram chat (API `notificaciones_telegram`). */
  telegram_notifications: Generated<boolean>;
}

export const ROLES = ['super_admin', 'cliente_admin'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  nombre: string;
  rol: Role;
  empresa_id: string | null;
  activo: Generated<boolean>;
  creado_en: Timestamp;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
}

/** How a TLS connection to a router authenticates it. */
export type RouterTlsMode = 'verify-cert' | 'anonymous-dh';

export interface RoutersTable {
  id: string;
  empresa_id: string;
  nombre: string;
  host: string;
  puerto: number;
  usuario: string;
  password_sealed: string;
  ubicacion: string | null;
  activo: Generated<boolean>;
  creado_en: Timestamp;
  tls: boolean;
  tls_mode: RouterTlsMode;
  /** PEM of the CA that signed the router's certificate, when it is not a public one. */
  tls_ca_pem: string | null;
}

export interface RouterApiKeysTable {
  key_id: string;
  router_id: string;
  /** SHA-256 (hex) of the key. */
  key_hash: string;
  issued_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  /** Portal calls this key opened (the old service's `use_count`, carried over by the importer). */
  use_count: ColumnType<number, number | undefined, number>;
}

export type Currency = 'MXN' | 'USD' | 'EUR';

export interface ProductsTable {
  id: Generated<number>;
  empresa_id: string;
  router_id: string;
  perfil_mikrotik_id: string | null;
  perfil_mikrotik_nombre: string;
  nombre_venta: string;
  descripcion: string | null;
  imagen_url: string | null;
  /** Integer cents: never a float. */
  price_cents: number;
  moneda: Currency;
  /** JSON array of strings, kept as text so both backends read it back the same way. */
  detalles: string;
  activo: Generated<boolean>;
  orden_visual: Generated<number>;
  destacado: Generated<boolean>;
  creado_en: Timestamp;
  /** Total connected time, a RouterOS duration (src/plans/duration.ts) → the user's `limit-uptime`. */
  time_limit: ColumnType<string | null, string | null | undefined, string | null>;
  /** Total data in MB of 1,048,576 bytes → the user's `limit-bytes-total`. */
  data_limit_mb: ColumnType<number | null, number | null | undefined, number | null>;
  /** Wall-clock validity, a RouterOS duration, counted from `validity_start`. */
  validity: ColumnType<string | null, string | null | undefined, string | null>;
  validity_start: ColumnType<ValidityStart | null, ValidityStart | null | undefined, ValidityStart | null>;
}

/** Where a plan's validity starts: the purchase, or the device's first login (API: `compra`, `primer_login`). */
export type ValidityStart = 'purchase' | 'first_login';

/** Every table; augmented by other table groups (see the module comment). */
export interface Database {
  empresas: CompaniesTable;
  usuarios: UsersTable;
  sessions: SessionsTable;
  routers: RoutersTable;
  router_api_keys: RouterApiKeysTable;
  productos: ProductsTable;
}
