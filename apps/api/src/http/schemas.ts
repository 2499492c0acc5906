/**
 * JSON schemas shared by the routes, written once in TypeBox: each is the JSON schema that validates
 * a request or shapes a response (a field not listed never leaves the service) and feeds /openapi.json,
 * and `Static<typeof schema>` is its TypeScript type, so a body type and its schema cannot drift.
 * Every request body is a `closedObject`: fields it does not list are stripped before the handler runs.
 */
import { type Static, type TProperties, Type } from 'typebox';

/** A string or null (one `type` list, not anyOf: type coercion would turn a null into "" through anyOf). */
export const nullable = (options: { maxLength?: number; format?: string } = {}) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });

const str = Type.String();
const nullableStr = nullable();
const bool = Type.Boolean();
const int = Type.Integer();
const dateTime = Type.String({ format: 'date-time' });

/**
 * A request body or query: unknown fields are removed (Ajv's removeAdditional, set in app.ts), so a
 * column name smuggled into a body never reaches the database, and old portals that send extra
 * fields keep working (the old FastAPI models ignored extras too).
 */
export const closedObject = <P extends TProperties>(properties: P) => Type.Object(properties, { additionalProperties: false });

export const errorSchema = Type.Object({ detail: Type.Unknown() });

/** The old service's confirmation: `{"message": "..."}`, alone or leading an answer. */
export const messageSchema = Type.Object({ message: str });

/** The gateway settings as views show them (secrets masked). */
export const conektaProps = { conekta_public_key: nullableStr, conekta_private_key: nullableStr, conekta_mode: nullableStr };
export const mercadoPagoProps = {
  mercadopago_public_key: nullableStr,
  mercadopago_access_token: nullableStr,
  mercadopago_mode: nullableStr,
  mercadopago_webhook_secret: nullableStr,
};

export const conektaSchema = Type.Object({ ...conektaProps, configurado: bool });
export const mercadoPagoSchema = Type.Object({ ...mercadoPagoProps, configurado: bool });

export const companySchema = Type.Object({
  id: str,
  nombre: str,
  contacto_email: nullableStr,
  contacto_telefono: nullableStr,
  activa: bool,
  creada_en: dateTime,
  ...conektaProps,
  ...mercadoPagoProps,
  color_primario: nullableStr,
  color_secundario: nullableStr,
  vende_efectivo: bool,
});
export type CompanyView = Static<typeof companySchema>;

/** The client admin's own empresa (`GET /api/v1/admin/mi-empresa`): every field the old answer had. */
export const ownCompanySchema = Type.Object({
  ...companySchema.properties,
  logo_url: nullableStr,
  // The old names of two Mercado Pago settings (it never answered the secret ones).
  mercado_pago_public_key: nullableStr,
  mercado_pago_mode: nullableStr,
  telegram_bot_token: nullableStr,
  telegram_chat_id: nullableStr,
  notificaciones_telegram: bool,
  zona_horaria: Type.String({ description: 'IANA time zone of the empresa’s days (this service’s; the old answer had none)' }),
});
export type OwnCompanyView = Static<typeof ownCompanySchema>;

export const routerSchema = Type.Object({
  id: str,
  empresa_id: str,
  nombre: str,
  host: str,
  puerto: int,
  ubicacion: nullableStr,
  activo: bool,
  creado_en: dateTime,
  tls: bool,
  tls_mode: str,
});
export type RouterView = Static<typeof routerSchema>;

export const apiKeyInfoSchema = Type.Object({
  key_id: str,
  issued_at: dateTime,
  expires_at: dateTime,
  type: Type.Literal('router_api_key'),
});
export type ApiKeyInfoView = Static<typeof apiKeyInfoSchema>;

/** A router's API key (never its value), with the old service's fields. */
export const apiKeySchema = Type.Object({
  key_id: str,
  router_id: str,
  empresa_id: str,
  issued_at: dateTime,
  expires_at: dateTime,
  revoked: bool,
  revoked_at: nullableStr,
  last_used: nullableStr,
  use_count: int,
  last_used_at: nullableStr,
  estado: Type.Union([Type.Literal('activa'), Type.Literal('revocada'), Type.Literal('expirada')]),
});
export type ApiKeyView = Static<typeof apiKeySchema>;

/** Whether a router has a working key, with the old service's advice (`status`, `warning`, `recommendation`). */
export const apiKeyStatusSchema = Type.Object({
  router_id: str,
  has_active_key: bool,
  key_id: nullableStr,
  issued_at: nullableStr,
  expires_at: nullableStr,
  expires_in_days: Type.Union([int, Type.Null()]),
  last_used: nullableStr,
  use_count: Type.Union([int, Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('no_key')]),
  warning: nullableStr,
  recommendation: nullableStr,
});
export type ApiKeyStatusView = Static<typeof apiKeyStatusSchema>;

export const userSchema = Type.Object({
  id: int,
  email: str,
  nombre: str,
  rol: str,
  empresa_id: nullableStr,
  activo: bool,
  creado_en: dateTime,
});
export type UserView = Static<typeof userSchema>;

/** The signed-in admin, as the login answers show it. */
export const adminUserSchema = Type.Object({ id: int, email: str, nombre: str, rol: str, empresa_id: nullableStr, activo: bool });

/** A plan's limits, on plans and on the sales made of them. */
export const planLimitProps = {
  limite_tiempo: nullableStr,
  limite_datos_mb: Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
  vigencia: nullableStr,
  vigencia_desde: nullableStr,
};

/** `planUserView` (views.ts): a sale's limits and its hotspot user's life. */
export const planUserProps = {
  ...planLimitProps,
  primer_login_en: nullableStr,
  expira_en: nullableStr,
  estado_usuario: str,
  validez: nullableStr,
};

export const productSchema = Type.Object({
  id: int,
  empresa_id: str,
  router_id: str,
  perfil_mikrotik_id: nullableStr,
  perfil_mikrotik_nombre: str,
  nombre_venta: str,
  descripcion: nullableStr,
  imagen_url: nullableStr,
  precio: Type.Number(),
  precio_centavos: int,
  moneda: str,
  detalles: Type.Array(str),
  activo: bool,
  orden_visual: int,
  destacado: bool,
  creado_en: dateTime,
  ...planLimitProps,
});
export type ProductView = Static<typeof productSchema>;

/** Amounts per currency: `{"MXN": 29.99}`. */
export const amountsByCurrencySchema = Type.Record(Type.String(), Type.Number());

/** `salesFigures` (sales-figures.ts): what both dashboards count of the sales. */
export const salesFiguresProps = {
  total_transacciones: int,
  transacciones_pagadas: int,
  transacciones_rechazadas: int,
  transacciones_pendientes: int,
  transacciones_fallidas: int,
  transacciones_reembolsadas: int,
  ingresos_totales: amountsByCurrencySchema,
  ventas_hoy: int,
  ingresos_hoy: amountsByCurrencySchema,
};
const salesFiguresSchema = Type.Object(salesFiguresProps);
export type SalesFiguresView = Static<typeof salesFiguresSchema>;

/** Request pieces. */
export const emailInput = Type.String({ format: 'email', maxLength: 254 });
export const passwordInput = Type.String({ minLength: 8, maxLength: 256 });
export const nameInput = Type.String({ minLength: 1, maxLength: 200 });
/** A host name or IP address: no spaces, no scheme. */
export const hostInput = Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9._:-]+$' });
export const portInput = Type.Integer({ minimum: 1, maximum: 65535 });
export const tlsModeInput = Type.Union([Type.Literal('verify-cert'), Type.Literal('anonymous-dh')]);
/**
 * A gateway's mode: `sandbox` or `production`, or the old service's names for them, `test` and `live`.
 * Stored as sent: an old client reads back the word it wrote (the mode is informational; nothing
 * charges differently by it).
 */
export const modeInput = Type.Union([Type.Literal('sandbox'), Type.Literal('production'), Type.Literal('test'), Type.Literal('live')]);
/** A gateway key in a settings body: blank leaves the stored one as it is (as the old service did). */
const gatewayKeyInput = Type.String({ maxLength: 500 });
/** An absolute http or https URL (a `javascript:` or `data:` URL would run wherever a portal shows it). */
export const webUrlInput = Type.String({ format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', maxLength: 2000 });

/** Gateway settings, all optional: an empresa can be created without them and configure later. */
export const gatewaySettingsInput = {
  conekta_private_key: Type.Optional(gatewayKeyInput),
  conekta_public_key: Type.Optional(gatewayKeyInput),
  conekta_mode: Type.Optional(modeInput),
  mercadopago_access_token: Type.Optional(gatewayKeyInput),
  mercadopago_public_key: Type.Optional(gatewayKeyInput),
  mercadopago_mode: Type.Optional(modeInput),
  mercadopago_webhook_secret: Type.Optional(gatewayKeyInput),
};
export const gatewaySettingsBody = closedObject(gatewaySettingsInput);
export type GatewaySettingsInput = Static<typeof gatewaySettingsBody>;

/** PostgreSQL's largest integer: a row number or offset beyond it is a client's mistake (422). */
export const MAX_ROW_NUMBER = 2_147_483_647;
/** A serial row id in a body. */
export const rowIdInput = Type.Integer({ minimum: 1, maximum: MAX_ROW_NUMBER });

/** A record id in a path: any short string (an unknown one answers 404, not 422). */
export const idParam = Type.String({ minLength: 1, maxLength: 64 });

export const sessionSecurity = [{ session: [] }];
export const apiKeySecurity = [{ apiKey: [] }];

/** The RouterOS API-SSL port: a router given this port and no explicit `tls` uses TLS. */
export const ROUTER_TLS_PORT = 8729;

/** Router fields a body may set (create requires some; updates take any subset). */
export const routerInputProps = {
  nombre: nameInput,
  host: hostInput,
  puerto: portInput,
  usuario: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ maxLength: 256 }),
  ubicacion: Type.Optional(nullable({ maxLength: 200 })),
  /** Defaults to true exactly when puerto is 8729. */
  tls: Type.Optional(bool),
  tls_mode: Type.Optional(tlsModeInput),
  /** PEM of a private CA that signed the router's certificate. */
  tls_ca_pem: Type.Optional(nullable({ maxLength: 20_000 })),
};
