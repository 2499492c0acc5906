import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLegacyDatabase, type LegacyData } from '../../src/db/legacy-source.js';
import { insertProduct } from '../../src/db/products.js';
import { findUserByEmail } from '../../src/db/users.js';
import { fernetKey } from '../../src/legacy/fernet.js';
import { formatImportReport, importLegacyData, type ImportReport } from '../../src/legacy/importer.js';
import { createLegacyDb, type LegacyDb } from '../helpers/legacy-db.js';
import { createTestDb } from '../helpers/db.js';
import { hotspotUsersOf, PLAN_PROFILES } from '../payments/env.js';
import { conektaBody, mercadoPagoBody, startPortalEnv, type PortalEnv } from '../payments/portal-env.js';
import { MP_TOKEN } from '../payments/shop.js';
import { SecretBox } from '../../src/security/secret-box.js';
import { randomBytes } from 'node:crypto';
import {
  EMPRESA_A,
  EMPRESA_B,
  EMPRESA_C,
  FERNET_MP_TOKEN,
  FERNET_UNDER_OTHER_KEY,
  FERNET_WEBHOOK_SECRET,
  KEYS,
  OLD_ADMIN_HASH,
  OLD_ADMIN_PASSWORD,
  OLD_CONEKTA_KEY,
  OLD_FERNET_KEY,
  OLD_ROUTER_PASSWORD,
  ROUTER_A,
  ROUTER_A_TLS,
  seedOldService,
} from './old-service.js';

/** Every table's counts, as [imported, already present, not imported]. */
const counts = (report: ImportReport) =>
  Object.fromEntries(report.tables.map((t) => [t.table, [t.imported, t.alreadyPresent, t.notImported.length]]));

const FIRST_IMPORT = {
  empresas: [3, 0, 0],
  usuarios: [2, 0, 2],
  routers: [3, 0, 0],
  router_api_keys: [4, 0, 0],
  productos: [3, 0, 3],
  transacciones: [4, 0, 1],
};

describe('import-legacy from a database shaped as the old models declare it', () => {
  let env: PortalEnv;
  let router: MockRouter;
  let old: LegacyDb;
  let data: LegacyData;
  let first: ImportReport;
  const mercadoPagoKey = fernetKey(OLD_FERNET_KEY);
  const now = new Date('2026-06-01T00:00:00Z');

  beforeAll(async () => {
    [env, router, old] = await Promise.all([
      startPortalEnv(),
      startMockRouter({ profiles: PLAN_PROFILES, password: OLD_ROUTER_PASSWORD }),
      createLegacyDb('model'),
    ]);
    await seedOldService(old, router.port, 'model');
    data = await readLegacyDatabase(old.url);
  });
  afterAll(async () => {
    await Promise.all([env?.close(), router?.close(), old?.close()]);
  });

  const run = (options: { dryRun?: boolean } = {}) =>
    importLegacyData(env.app.db, data, { secrets: env.app.secrets, mercadoPagoKey, now: () => now, ...options });

  it('reads every table, its times in the old server’s zone, and no column is missing', () => {
    expect(data.timeZone).toBe('America/Mexico_City');
    expect(data.missingColumns).toEqual([]);
    expect(data.productos.map((p) => p.id)).toEqual([1, 7, 12, 15, 20, 21]);
    // Written by DEFAULT CURRENT_TIMESTAMP: server-local (UTC-6); written by the application: naive UTC.
    expect(data.transacciones[0]).toMatchObject({
      creada_en: new Date('2026-03-10T14:00:00Z'),
      pagada_en: new Date('2026-03-10T14:00:05Z'),
    });
    expect(data.productos[1]?.precio).toBe('19.99');
  });

  it('a dry run reports what an import would do and writes nothing', async () => {
    const report = await run({ dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(counts(report)).toEqual(FIRST_IMPORT);
    const companies = await env.app.db.selectFrom('empresas').select('id').where('id', 'in', [EMPRESA_A, EMPRESA_B, EMPRESA_C]).execute();
    expect(companies).toEqual([]);
    expect(formatImportReport(report)).toMatch(/^Dry run: no row was written/);
  });

  it('imports every table, saying per row what it left out and why', async () => {
    first = await run();
    expect(counts(first)).toEqual(FIRST_IMPORT);
    const table = (name: string) => first.tables.find((t) => t.table === name)!;
    expect(table('usuarios').notImported).toEqual([
      { id: '3 (ana@plaza.example)', reason: 'another old user has the same email but for letter case' },
      { id: '4 (luis@norte.example)', reason: 'its password hash is not bcrypt' },
    ]);
    expect(table('productos').notImported).toEqual([
      { id: '1', reason: 'plan id 1 is already taken by another empresa’s plan here' },
      { id: '20', reason: 'price 0.00 is not a positive amount' },
      { id: '21', reason: 'currency "ARS" is not one of MXN, USD, EUR' },
    ]);
    expect(table('transacciones').notImported).toEqual([{ id: '105', reason: 'no plan recorded' }]);
    expect(table('empresas').notes).toEqual([
      { id: EMPRESA_A, note: 'logo not imported: the file is on the old server’s disk, not in its database' },
      {
        id: EMPRESA_C,
        note: 'Mercado Pago access token not imported: the Fernet token does not verify with this key (wrong key, or the value was altered)',
      },
    ]);
    expect(table('routers').notes).toEqual([{ id: ROUTER_A_TLS, note: expect.stringMatching(/^TLS on 8729 now verifies/) }]);
  });

  it('seals every secret with the service’s key: Fernet values opened, plain ones taken as they are', async () => {
    const { db, secrets } = env.app;
    const companies = await db
      .selectFrom('empresas')
      .selectAll()
      .where('id', 'in', [EMPRESA_A, EMPRESA_B, EMPRESA_C])
      .orderBy('id')
      .execute();
    const open = (sealed: string | null) => (sealed === null ? null : secrets.open(sealed));
    const secretsOf = (id: string) => {
      const e = companies.find((row) => row.id === id)!;
      return [
        open(e.conekta_private_key_sealed),
        open(e.mercadopago_access_token_sealed),
        open(e.mercadopago_webhook_secret_sealed),
        open(e.telegram_bot_token_sealed),
      ];
    };
    expect(secretsOf(EMPRESA_A)).toEqual([OLD_CONEKTA_KEY, MP_TOKEN, 'whsec-plain-a', '123456:telegram-secret']);
    expect(secretsOf(EMPRESA_B)).toEqual([null, 'APP_USR-plain-token-b', 'whsec-fernet-b', null]);
    expect(secretsOf(EMPRESA_C)).toEqual([null, null, null, null]);
    expect(companies.find((e) => e.id === EMPRESA_A)).toMatchObject({
      nombre: 'WiFi Plaza',
      activa: true,
      mercadopago_mode: 'test',
      creada_en: new Date('2026-01-02T15:30:00Z'),
      telegram_chat_id: '-100200',
      telegram_notifications: true,
    });
    expect(companies.find((e) => e.id === EMPRESA_B)).toMatchObject({ telegram_chat_id: null, telegram_notifications: false });
    expect(companies.find((e) => e.id === EMPRESA_B)?.activa).toBe(false);
    const routers = await db.selectFrom('routers').selectAll().where('empresa_id', '=', EMPRESA_A).orderBy('id').execute();
    expect(routers.map((r) => [r.id, r.puerto, r.tls, r.activo, secrets.open(r.password_sealed)])).toEqual([
      [ROUTER_A, router.port, false, true, OLD_ROUTER_PASSWORD],
      [ROUTER_A_TLS, 8729, true, false, 'otra-clave'],
    ]);
    const sales = await db.selectFrom('transacciones').selectAll().where('id', 'like', 'TRX_LEGACY_%').orderBy('id').execute();
    expect(sales.map((t) => [t.id, t.gateway, t.state, t.amount_cents, t.user_kind, secrets.open(t.hotspot_password_sealed)])).toEqual([
      ['TRX_LEGACY_101', 'conekta', 'paid', 1999, 'usuario_contrasena', '0482'],
      ['TRX_LEGACY_102', 'mercadopago', 'paid', 9900, 'pin', ''],
      ['TRX_LEGACY_103', 'mercadopago', 'unresolved', 9900, 'pin', ''],
      ['TRX_LEGACY_104', 'mercadopago', 'reversed', 1999, 'usuario_contrasena', '1234'],
    ]);
    expect(sales[0]).toMatchObject({
      charge_id: 'ord_2xAbC',
      product_name: 'Plan 1 hora',
      hotspot_profile: '1h',
      created_at: new Date('2026-03-10T14:00:00Z'),
      paid_at: new Date('2026-03-10T14:00:05Z'),
      settled_at: now,
    });
    expect(sales[2]).toMatchObject({ reason: 'imported with the old estado_pago "pending"', paid_at: null });
  });

  it('keeps plan ids and their detalles (objects or strings) as this service’s list of texts; new plans get later ids', async () => {
    const plans = await env.app.db.selectFrom('productos').selectAll().where('empresa_id', '=', EMPRESA_A).orderBy('id').execute();
    expect(plans.map((p) => [p.id, p.price_cents, p.moneda, JSON.parse(p.detalles)])).toEqual([
      [7, 1999, 'MXN', ['1 hora', '5 Mbps']],
      [12, 9900, 'MXN', ['24 horas', '10 Mbps']],
      [15, 1250, 'USD', []],
    ]);
    const added = await insertProduct(env.app.db, {
      empresa_id: EMPRESA_A,
      router_id: ROUTER_A,
      perfil_mikrotik_nombre: '1h',
      nombre_venta: 'Nuevo',
      price_cents: 100,
      moneda: 'MXN',
      detalles: '[]',
    });
    expect(added.id).toBe(16);
  });

  it('a second run imports nothing twice', async () => {
    const again = await run();
    // What the first run imported is now present; what it left out is left out again.
    expect(counts(again)).toEqual(
      Object.fromEntries(Object.entries(FIRST_IMPORT).map(([table, [imported, , notImported]]) => [table, [0, imported, notImported]])),
    );
    const legacySales = await env.app.db.selectFrom('transacciones').select('id').where('id', 'like', 'TRX_LEGACY_%').execute();
    expect(legacySales).toHaveLength(4);
  });

  it('never prints a secret', () => {
    const printed = formatImportReport(first);
    expect(printed).toMatch(/^empresas: 3 imported, 0 already present, 0 not imported$/m);
    for (const secret of [
      OLD_CONEKTA_KEY,
      MP_TOKEN,
      FERNET_MP_TOKEN,
      FERNET_WEBHOOK_SECRET,
      FERNET_UNDER_OTHER_KEY,
      'whsec-plain-a',
      'whsec-fernet-b',
      'APP_USR-plain-token-b',
      '123456:telegram-secret',
      OLD_ROUTER_PASSWORD,
      'otra-clave',
      OLD_ADMIN_HASH,
      OLD_FERNET_KEY,
      KEYS.live.hash,
      '0482',
    ]) {
      expect(printed).not.toContain(secret);
    }
  });

  it('old jwt_ keys authenticate through the normal API-key check; revoked, expired and inactive-empresa keys do not', async () => {
    const config = (key: string) => env.app.request('GET', '/api/v1/config/public', { token: key });
    const live = await config(KEYS.live.key);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ empresa: { id: EMPRESA_A }, router: { id: ROUTER_A } });
    expect((await env.app.request('GET', '/api/v1/config/public', { apiKey: KEYS.live.key })).status).toBe(200);
    // The old count carries over and goes on: 812 uses in the old service, two here.
    const counted = await env.app.db
      .selectFrom('router_api_keys')
      .select('use_count')
      .where('key_id', '=', 'key_3f9c2a7d81e04b6a')
      .executeTakeFirstOrThrow();
    expect(counted.use_count).toBe(814);
    for (const key of [KEYS.revoked.key, KEYS.expired.key, KEYS.inactiveCompany.key]) expect((await config(key)).status).toBe(401);
    // The stored value is the hash of the part after `jwt_`: the whole string, or a tampered JWT, is not a key.
    expect((await config(`jwt_jwt_${KEYS.live.key.slice(4)}`)).status).toBe(401);
    expect((await config(`${KEYS.live.key}x`)).status).toBe(401);
  });

  it('a portal buys an imported plan by its old id with its old key, through both gateways', async () => {
    const pay = (path: string, body: unknown) => env.app.request('POST', `/api/v1/payments/${path}`, { token: KEYS.live.key, body });
    const conekta = await pay('pagar-conekta', conektaBody(7, TEST_TOKENS.approve));
    expect(conekta.status).toBe(200);
    expect(hotspotUsersOf(router, conekta.body.id_transaccion)).toMatchObject([{ profile: '1h', disabled: 'false' }]);
    expect(env.chargesOf(conekta.body.id_transaccion)).toMatchObject([{ amountCents: 1999, gateway: 'conekta' }]);
    // The Mercado Pago token was Fernet-encrypted in the old database.
    const mercadoPago = await pay('pagar-mercado-pago', mercadoPagoBody(12, TEST_TOKENS.approve, 99));
    expect(mercadoPago.status).toBe(200);
    expect(hotspotUsersOf(router, mercadoPago.body.id_transaccion)).toMatchObject([{ profile: '1d', disabled: 'false' }]);
    expect(env.chargesOf(mercadoPago.body.id_transaccion)).toMatchObject([{ amountCents: 9900, gateway: 'mercadopago' }]);
  });

  it('an old admin logs in with the old password; the bcrypt hash is then replaced by scrypt', async () => {
    const login = (email: string, password: string) => env.app.request('POST', '/api/v1/auth/login', { body: { email, password } });
    expect((await login('ana@plaza.example', 'wrong-password')).status).toBe(401);
    expect((await findUserByEmail(env.app.db, 'ana@plaza.example'))?.password_hash).toBe(OLD_ADMIN_HASH);
    const first = await login('Ana@plaza.example', OLD_ADMIN_PASSWORD);
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ rol: 'cliente_admin', empresa_id: EMPRESA_A });
    const rehashed = (await findUserByEmail(env.app.db, 'ana@plaza.example'))?.password_hash;
    expect(rehashed).toMatch(/^scrypt\$/);
    expect((await login('ana@plaza.example', OLD_ADMIN_PASSWORD)).status).toBe(200);
    expect((await findUserByEmail(env.app.db, 'ana@plaza.example'))?.password_hash).toBe(rehashed);
    const mine = await env.app.request('GET', '/api/v1/admin/mi-empresa', { token: first.body.access_token });
    expect(mine.status).toBe(200);
  });
});

describe('import-legacy from a database shaped as the known dump (the ten newer columns missing)', () => {
  it('reads the missing columns as empty and imports the rest', async () => {
    const [target, old] = await Promise.all([createTestDb(), createLegacyDb('dump')]);
    try {
      await seedOldService(old, 8728, 'dump');
      // Restored on another server: the old zone given explicitly.
      const data = await readLegacyDatabase(old.url, { timeZone: 'America/Monterrey' });
      expect(data.missingColumns).toEqual([
        'empresas.logo_url',
        'empresas.mercado_pago_webhook_secret',
        'empresas.telegram_bot_token',
        'empresas.telegram_chat_id',
        'empresas.notificaciones_telegram',
        'transacciones.external_reference',
        'transacciones.metadata_json',
        'transacciones.webhook_received_at',
      ]);
      // No --mercado-pago-key: encrypted values are reported, not guessed at.
      const report = await importLegacyData(target.db, data, { secrets: new SecretBox(randomBytes(32)) });
      expect(counts(report)).toEqual({ ...FIRST_IMPORT, productos: [4, 0, 2] });
      expect(report.tables[0]?.notes.map((n) => n.note)).toEqual([
        'Mercado Pago access token not imported: it is Fernet-encrypted; run again with --mercado-pago-key (the old ENCRYPTION_KEY_MERCADO_PAGO)',
        'Mercado Pago access token not imported: it is Fernet-encrypted; run again with --mercado-pago-key (the old ENCRYPTION_KEY_MERCADO_PAGO)',
      ]);
      const sales = await target.db.selectFrom('transacciones').select(['id', 'gateway', 'created_at']).orderBy('id').execute();
      expect(sales.map((s) => s.gateway)).toEqual(['conekta', 'mercadopago', 'mercadopago', 'mercadopago']);
      expect(sales[0]?.created_at).toEqual(new Date('2026-03-10T14:00:00Z'));
      expect(formatImportReport(report)).toContain('columns the old database lacks (read as empty): empresas.logo_url');
    } finally {
      await Promise.all([target.close(), old.close()]);
    }
  });
});
