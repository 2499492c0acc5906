/**
 * JSON schemas shared by the routes: they validate requests, shape responses (a field not listed
 * here never leaves the service) and feed /openapi.json.
 */

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const bool = { type: 'boolean' } as const;
const int = { type: 'integer' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

export const errorSchema = { type: 'object', properties: { detail: {} }, required: ['detail'] } as const;

/** Keep in step with the views of the same name in views.ts. */
const conektaProps = { conekta_public_key: nullableStr, conekta_private_key: nullableStr, conekta_mode: nullableStr } as const;
const mercadoPagoProps = {
  mercadopago_public_key: nullableStr,
  mercadopago_access_token: nullableStr,
  mercadopago_mode: nullableStr,
  mercadopago_webhook_secret: nullableStr,
} as const;

export const conektaSchema = { type: 'object', properties: { ...conektaProps, configurado: bool } } as const;
export const mercadoPagoSchema = { type: 'object', properties: { ...mercadoPagoProps, configurado: bool } } as const;

export const companySchema = {
  type: 'object',
  properties: {
    id: str,
    nombre: str,
    contacto_email: nullableStr,
    contacto_telefono: nullableStr,
    activa: bool,
    creada_en: dateTime,
    ...conektaProps,
    ...mercadoPagoProps,
  },
} as const;

export const routerSchema = {
  type: 'object',
  properties: {
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
  },
} as const;

export const apiKeyInfoSchema = {
  type: 'object',
  properties: { key_id: str, issued_at: dateTime, expires_at: dateTime },
} as const;

export const apiKeySchema = {
  type: 'object',
  properties: {
    ...apiKeyInfoSchema.properties,
    revoked_at: { type: ['string', 'null'] },
    last_used_at: { type: ['string', 'null'] },
    estado: str,
  },
} as const;

export const userSchema = {
  type: 'object',
  properties: { id: int, email: str, nombre: str, rol: str, empresa_id: nullableStr, activo: bool, creado_en: dateTime },
} as const;

/** A plan's limits, on plans and on the sales made of them. */
export const planLimitProps = {
  limite_tiempo: nullableStr,
  limite_datos_mb: { type: ['integer', 'null'] },
  vigencia: nullableStr,
  vigencia_desde: nullableStr,
} as const;

/** `planUserView` (views.ts): a sale's limits and its hotspot user's life. */
export const planUserProps = {
  ...planLimitProps,
  primer_login_en: nullableStr,
  expira_en: nullableStr,
  estado_usuario: str,
  validez: nullableStr,
} as const;

export const productSchema = {
  type: 'object',
  properties: {
    id: int,
    empresa_id: str,
    router_id: str,
    perfil_mikrotik_id: nullableStr,
    perfil_mikrotik_nombre: str,
    nombre_venta: str,
    descripcion: nullableStr,
    imagen_url: nullableStr,
    precio: { type: 'number' },
    precio_centavos: int,
    moneda: str,
    detalles: { type: 'array', items: str },
    activo: bool,
    orden_visual: int,
    destacado: bool,
    creado_en: dateTime,
    ...planLimitProps,
  },
} as const;

/** Request pieces. */
export const emailInput = { type: 'string', format: 'email', maxLength: 254 } as const;
export const passwordInput = { type: 'string', minLength: 8, maxLength: 256 } as const;
export const nameInput = { type: 'string', minLength: 1, maxLength: 200 } as const;
/** A host name or IP address: no spaces, no scheme. */
export const hostInput = { type: 'string', minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9._:-]+$' } as const;
export const portInput = { type: 'integer', minimum: 1, maximum: 65535 } as const;
export const tlsModeInput = { type: 'string', enum: ['verify-cert', 'anonymous-dh'] } as const;
export const modeInput = { type: 'string', enum: ['sandbox', 'production'] } as const;
export const secretInput = { type: 'string', minLength: 1, maxLength: 500 } as const;

/** Gateway settings, all optional: an empresa can be created without them and configure later. */
export const gatewaySettingsInput = {
  conekta_private_key: secretInput,
  conekta_public_key: secretInput,
  conekta_mode: modeInput,
  mercadopago_access_token: secretInput,
  mercadopago_public_key: secretInput,
  mercadopago_mode: modeInput,
  mercadopago_webhook_secret: secretInput,
} as const;

/** A record id in a path: any short string (an unknown one answers 404, not 422). */
export const idParam = { type: 'string', minLength: 1, maxLength: 64 } as const;

export const sessionSecurity = [{ session: [] }];
export const apiKeySecurity = [{ apiKey: [] }];

/** The RouterOS API-SSL port: a router given this port and no explicit `tls` uses TLS. */
export const ROUTER_TLS_PORT = 8729;

/** Router fields a body may set (create requires some; updates take any subset). */
export const routerInputProps = {
  nombre: nameInput,
  host: hostInput,
  puerto: portInput,
  usuario: { type: 'string', minLength: 1, maxLength: 100 },
  password: { type: 'string', maxLength: 256 },
  ubicacion: { type: ['string', 'null'], maxLength: 200 },
  /** Defaults to true exactly when puerto is 8729. */
  tls: bool,
  tls_mode: tlsModeInput,
  /** PEM of a private CA that signed the router's certificate. */
  tls_ca_pem: { type: ['string', 'null'], maxLength: 20_000 },
} as const;

/** How the device login went (`AutoConnectResult`). */
export const autoConnectSchema = {
  type: 'object',
  properties: {
    estado: { type: 'string' },
    mac: { type: ['string', 'null'] },
    ip: { type: ['string', 'null'] },
    mensaje: { type: 'string' },
  },
} as const;
