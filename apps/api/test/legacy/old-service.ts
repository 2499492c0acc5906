/**
 * Rows of the old service's database as its code wrote them (LEGACY-API.md §6), with the odd ones
 * the document describes: Mercado Pago secrets plain and Fernet-encrypted side by side, `detalles`
 * as objects and as strings, revoked and expired API keys, sales of every `estado_pago`.
 */
import { createHash, createHmac } from 'node:crypto';
import type { LegacyDb } from '../helpers/legacy-db.js';

/** The old ENCRYPTION_KEY_MERCADO_PAGO; the tokens below were made with Python's `cryptography` Fernet. */
export const OLD_FERNET_KEY = 'qCD7gPcdfOMuBldb6mNbU1duChhnhEHbB8p-F2XP5sc=';
/** Fernet(OLD_FERNET_KEY) of MP_TOKEN, the token the fake Mercado Pago accepts. */
export const FERNET_MP_TOKEN = 'gAAAAABrD5Gx8PxdOQNEST1NJAux7aRLfjWB3I0jpXv-kgBmfL8v_2Tk5eZwGI4ZOrtnqLxm783C2ZYsqsKRQjthzRpGSxiTgw==';
/** Fernet(OLD_FERNET_KEY) of 'whsec-fernet-b'. */
export const FERNET_WEBHOOK_SECRET = 'gAAAAABrD5G4l3rm4W5d1cs2QI_ChpHUPwnBE4oLQOXrHOzEDvDECW80ONkuISWOMaEr2XY9EUxGd7jf3gKrm5lMCON9k86Qig==';
/** Fernet of 'APP_USR-other-key' under some other key: it cannot be opened with OLD_FERNET_KEY. */
export const FERNET_UNDER_OTHER_KEY =
  'gAAAAABrD5G4Qdpe9nX6VEt5LrHVvcjutBmhYM8Zgtx8OSw8JRpNz_zPUo_huG3pcgZUJqoBuTsAzC3uSyqvPGqgra40eolC3W2kPoJKuu7TJ8tSXuEi5tY=';

export const OLD_CONEKTA_KEY = 'key_test_shop';
export const OLD_ROUTER_PASSWORD = 'routeros-old-pass';
export const OLD_ADMIN_PASSWORD = 'clave-vieja-2024';
/** bcrypt (cost 12, `$2b$`, as passlib/bcrypt wrote it) of OLD_ADMIN_PASSWORD. */
export const OLD_ADMIN_HASH = '$2b$12$DzwTH8gNusqYY.lqkLIytOszPY4EEgO5Xj/YOQjBHGl5fn0ACCq3K';

export const EMPRESA_A = 'EMP_3F2A9C1B7D';
export const EMPRESA_B = 'EMP_0B1C2D3E4F';
export const EMPRESA_C = 'EMP_C0FFEE0001';
export const ROUTER_A = 'RTR_9A1C4E2B';
export const ROUTER_A_TLS = 'RTR_9A1C4E2C';
export const ROUTER_B = 'RTR_0000B001';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A router API key as the old `generar_api_key_jwt` made it, and its stored hash (§1.3). */
export function oldApiKey(keyId: string, routerId: string, companyId: string): { key: string; hash: string } {
  const iat = 1767225600.123456;
  const claims = {
    empresa: companyId,
    exp: iat + 365 * 86_400,
    iat,
    iss: 'mikrotik-payment-api',
    jti: keyId,
    sub: routerId,
    type: 'router_api_key',
  };
  const signed = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  const jwt = `${signed}.${createHmac('sha256', 'old-apikey-secret').update(signed).digest('base64url')}`;
  return { key: `jwt_${jwt}`, hash: createHash('sha256').update(jwt).digest('hex') };
}

export const KEYS = {
  live: oldApiKey('key_3f9c2a7d81e04b6a', ROUTER_A, EMPRESA_A),
  revoked: oldApiKey('key_00000000000000a1', ROUTER_A, EMPRESA_A),
  expired: oldApiKey('key_00000000000000a2', ROUTER_A, EMPRESA_A),
  inactiveCompany: oldApiKey('key_00000000000000b1', ROUTER_B, EMPRESA_B),
};

/** Fills the old database; `routerPort` is where the live router (a mock) listens. */
export async function seedOldService(old: LegacyDb, routerPort: number, shape: 'model' | 'dump'): Promise<void> {
  const model = shape === 'model';
  const company = (id: string, nombre: string, values: Record<string, unknown>) => {
    const row: Record<string, unknown> = { id, nombre, ...values };
    if (!model)
      for (const c of ['logo_url', 'mercado_pago_webhook_secret', 'telegram_bot_token', 'telegram_chat_id', 'notificaciones_telegram'])
        delete row[c];
    const columns = Object.keys(row);
    return old.query(
      `insert into empresas (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row),
    );
  };
  await company(EMPRESA_A, 'WiFi Plaza', {
    contacto_email: 'ops@plaza.example',
    conekta_private_key: OLD_CONEKTA_KEY,
    conekta_public_key: 'key_public_shop',
    mercado_pago_access_token: FERNET_MP_TOKEN,
    mercado_pago_public_key: 'TEST-public',
    mercado_pago_mode: 'test',
    mercado_pago_webhook_secret: 'whsec-plain-a',
    telegram_bot_token: '123456:telegram-secret',
    telegram_chat_id: '-100200',
    notificaciones_telegram: true,
    logo_url: '/static/logos/logo_EMP_3F2A9C1B7D_a1b2c3.png',
    creada_en: '2026-01-02 09:30:00',
  });
  await company(EMPRESA_B, 'Café Norte', {
    conekta_private_key: '',
    conekta_public_key: '',
    mercado_pago_access_token: 'APP_USR-plain-token-b',
    mercado_pago_webhook_secret: FERNET_WEBHOOK_SECRET,
    activa: false,
  });
  await company(EMPRESA_C, 'Hotel Sur', {
    conekta_private_key: '',
    conekta_public_key: '',
    mercado_pago_access_token: FERNET_UNDER_OTHER_KEY,
  });

  await old.query(
    `insert into usuarios (id, rol, empresa_id, email, password_hash, nombre, activo, ultimo_login, creado_en) values
      (1, 'super_admin', null, 'root@old.example', $1, 'Root', true, '2026-04-01 10:00:00', '2026-01-01 08:00:00'),
      (2, 'cliente_admin', $2, 'Ana@plaza.example', $1, 'Ana', true, null, '2026-01-02 10:00:00'),
      (3, 'cliente_admin', $2, 'ana@plaza.example', $1, 'Ana (duplicada)', true, null, null),
      (4, 'cliente_admin', $3, 'luis@norte.example', 'not-a-bcrypt-hash', 'Luis', true, null, null)`,
    [OLD_ADMIN_HASH, EMPRESA_A, EMPRESA_B],
  );
  await old.query(
    `insert into routers (id, empresa_id, nombre, host, puerto, usuario, password_encrypted, ubicacion, api_key_hash, activo, creado_en) values
      ($1, $4, 'Lobby', '127.0.0.1', $6, 'admin', $7, 'Planta baja', $8, true, '2026-01-03 12:00:00'),
      ($2, $4, 'Terraza', '10.0.0.2', 8729, 'api', 'otra-clave', null, $9, false, null),
      ($3, $5, 'Barra', '10.0.1.1', null, 'admin', 'x', null, $10, true, null)`,
    [
      ROUTER_A,
      ROUTER_A_TLS,
      ROUTER_B,
      EMPRESA_A,
      EMPRESA_B,
      routerPort,
      OLD_ROUTER_PASSWORD,
      KEYS.live.hash,
      'f'.repeat(64),
      KEYS.inactiveCompany.hash,
    ],
  );
  await old.query(
    `insert into api_keys_tracking (key_id, empresa_id, router_id, key_hash, issued_at, expires_at, revoked, last_used, use_count) values
      ('key_3f9c2a7d81e04b6a', $1, $2, $4, '2026-01-01 00:00:00', '2099-01-01 00:00:00', false, '2026-05-01 12:00:00', 812),
      ('key_00000000000000a1', $1, $2, $5, '2025-06-01 00:00:00', '2099-01-01 00:00:00', true, null, 3),
      ('key_00000000000000a2', $1, $2, $6, '2024-06-01 00:00:00', '2025-06-01 00:00:00', false, null, 0),
      ('key_00000000000000b1', $3, $7, $8, '2026-01-01 00:00:00', '2099-01-01 00:00:00', false, null, 0)`,
    [EMPRESA_A, ROUTER_A, EMPRESA_B, KEYS.live.hash, KEYS.revoked.hash, KEYS.expired.hash, ROUTER_B, KEYS.inactiveCompany.hash],
  );
  await old.query(
    `insert into productos (id, empresa_id, router_id, perfil_mikrotik_id, perfil_mikrotik_nombre, nombre_venta, precio, moneda, detalles, orden_visual, creado_en) values
      (1, $1, $2, '*1', '1h', 'Taken id', 10.00, 'MXN', '[]', 0, null),
      (7, $1, $2, '*3', '1h', 'Plan 1 hora', 19.99, 'MXN', '[{"texto": "1 hora"}, {"texto": "5 Mbps"}]', 1, '2026-01-04 18:15:00'),
      (12, $1, $2, '*4', '1d', 'Plan 1 día', 99.00, null, '["24 horas", "10 Mbps"]', 2, null),
      (15, $1, $3, '*1', 'semana', 'Semana', 12.50, 'USD', '[]', 0, null),
      (20, $1, $2, '*5', 'gratis', 'Gratis', 0, 'MXN', '[]', 0, null),
      (21, $1, $2, '*6', '1h', 'Pesos argentinos', 500, 'ARS', '[]', 0, null)`,
    [EMPRESA_A, ROUTER_A, ROUTER_A_TLS],
  );
  const mp = model ? ', external_reference, metadata_json, webhook_received_at' : '';
  const mpValues = (ref: string | null, at: string | null) =>
    model ? `, ${ref === null ? 'null' : `'${ref}'`}, '{"gateway": "mercado_pago"}', ${at === null ? 'null' : `'${at}'`}` : '';
  await old.query(
    `insert into transacciones (id, transaccion_id, empresa_id, router_id, producto_id, monto, moneda, cliente_nombre, cliente_email,
        usuario_hotspot, password_hotspot, estado_pago, estado_hotspot, api_key_usada, creada_en, pagada_en${mp}) values
      (101, 'ord_2xAbC', $1, $2, 7, 19.99, 'MXN', 'Ana López', 'ana@example.com', 'PT-7KQ2M', '0482', 'paid', 'active', 'key_3f9c2a7d81e04b6a',
        '2026-03-10 08:00:00', '2026-03-10 14:00:05'${model ? ', null, null, null' : ''}),
      (102, '1317742001', $1, $2, 12, 99.00, 'MXN', 'Beto', 'beto@example.com', 'PT-40817', '', 'approved', 'active', 'key_3f9c2a7d81e04b6a',
        '2026-03-11 09:00:00', '2026-03-11 15:00:02'${mpValues('HSEM0121773241202A1B2C3', '2026-03-11 15:00:30')}),
      (103, '1317742002', $1, $2, 12, 99.00, 'MXN', 'Caro', 'caro@example.com', 'PT-40818', '', 'pending', 'active', null,
        '2026-03-12 09:00:00', '2026-03-12 15:00:02'${mpValues('HSEM0121773327602A1B2C4', null)}),
      (104, '1317742003', $1, $2, 7, 19.99, 'MXN', null, null, 'PT-ZZ9Q1', '1234', 'refunded', 'active', null,
        '2026-03-13 09:00:00', '2026-03-13 15:00:02'${mpValues(null, null)}),
      (105, 'ord_noPlan', $1, $2, null, 19.99, 'MXN', 'Sin plan', 'x@example.com', 'PT-AAAAA', '0000', 'paid', 'active', null,
        null, null${model ? ', null, null, null' : ''})`,
    [EMPRESA_A, ROUTER_A],
  );
}
