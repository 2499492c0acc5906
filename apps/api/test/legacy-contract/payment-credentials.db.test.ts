/**
 * The old service's `POST /api/v1/payments/configurar-credenciales` (LEGACY-API.md §4.4,
 * `MercadoPagoCredentials`, client admin): each documented request replayed, the answer checked field
 * by field and status by status, the secrets sealed at rest and never answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCompany } from '../../src/db/companies.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { clientAdminToken, createCompany, superAdminToken } from '../helpers/seed.js';

let t: TestApp;
let root: string;
let admin: string;
let company: { id: string; nombre: string };
beforeAll(async () => {
  t = await startTestApp();
  root = await superAdminToken(t);
  company = await createCompany(t, root, { nombre: 'Mi Empresa' });
  admin = await clientAdminToken(t, root, company.id, 'admin@mi-empresa.example');
});
afterAll(() => t.close());

const path = '/api/v1/payments/configurar-credenciales';
const configure = (body: unknown, token: string | null = admin) => t.request('POST', path, { body, ...(token ? { token } : {}) });
const stored = async () => (await findCompany(t.db, company.id))!;
const opened = (sealed: string | null) => (sealed === null ? null : t.secrets.open(sealed));

const ACCESS_TOKEN = 'TEST-1234567890-120512-abcdef0123456789abcdef0123456789-123456789';
const WEBHOOK_SECRET = 'whsec-0123456789abcdef';
const BOT_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('POST /api/v1/payments/configurar-credenciales', () => {
  it('every field: the old answer, the secrets sealed and never in it', async () => {
    const res = await configure({
      access_token: ACCESS_TOKEN,
      webhook_secret: WEBHOOK_SECRET,
      public_key: 'TEST-public-key',
      mode: 'test',
      telegram_bot_token: BOT_TOKEN,
      telegram_chat_id: '-1001234567890',
      notificaciones_telegram: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      message: 'Credenciales actualizadas correctamente',
      empresa: { id: company.id, nombre: 'Mi Empresa' },
      campos_modificados: [
        'access_token (actualizado)',
        'webhook_secret (actualizado)',
        'public_key',
        'mode',
        'telegram_bot_token',
        'telegram_chat_id',
        'notificaciones_telegram',
      ],
      configuracion_actual: {
        access_token: true,
        webhook_secret: true,
        public_key: true,
        mode: 'test',
        telegram_configurado: true,
        telegram_activo: true,
      },
    });
    const text = JSON.stringify(res.body);
    for (const secret of [ACCESS_TOKEN, WEBHOOK_SECRET, BOT_TOKEN]) expect(text).not.toContain(secret);
    const row = await stored();
    expect(row).toMatchObject({ mercadopago_public_key: 'TEST-public-key', mercadopago_mode: 'test', telegram_chat_id: '-1001234567890' });
    expect(row.telegram_notifications).toBe(true);
    for (const [sealed, plain] of [
      [row.mercadopago_access_token_sealed, ACCESS_TOKEN],
      [row.mercadopago_webhook_secret_sealed, WEBHOOK_SECRET],
      [row.telegram_bot_token_sealed, BOT_TOKEN],
    ] as const) {
      expect(sealed).not.toContain(plain);
      expect(opened(sealed)).toBe(plain);
    }
  });

  it('the documented example: access_token, public_key and mode', async () => {
    const res = await configure({ access_token: ACCESS_TOKEN, public_key: 'TEST-public-key', mode: 'live' });
    expect(res.body).toMatchObject({
      success: true,
      campos_modificados: ['access_token (actualizado)', 'public_key', 'mode'],
      configuracion_actual: { access_token: true, public_key: true, mode: 'live' },
    });
    expect((await stored()).mercadopago_mode).toBe('live');
  });

  it('"" removes a secret or a key ("eliminado"); null or absent leaves each as it is', async () => {
    const res = await configure({ webhook_secret: '', public_key: '', access_token: null, telegram_chat_id: '' });
    expect(res.body).toEqual({
      success: true,
      message: 'Credenciales actualizadas correctamente',
      empresa: { id: company.id, nombre: 'Mi Empresa' },
      campos_modificados: ['webhook_secret (eliminado)', 'public_key', 'telegram_chat_id'],
      configuracion_actual: {
        access_token: true,
        webhook_secret: false,
        public_key: false,
        mode: 'live',
        telegram_configurado: false,
        telegram_activo: true,
      },
    });
    const row = await stored();
    expect(row).toMatchObject({ mercadopago_webhook_secret_sealed: null, mercadopago_public_key: null, telegram_chat_id: null });
    expect(opened(row.mercadopago_access_token_sealed)).toBe(ACCESS_TOKEN);
    const removed = await configure({ access_token: '' });
    expect(removed.body.campos_modificados).toEqual(['access_token (eliminado)']);
    expect((await stored()).mercadopago_access_token_sealed).toBeNull();
  });

  it('nothing to change ("mode": null, as the old route needed, or an empty body): the old "no changes" answer under "configurado"', async () => {
    for (const body of [{ mode: null }, {}]) {
      const res = await configure(body);
      expect([body, res.status, res.body]).toEqual([
        body,
        200,
        {
          success: true,
          message: 'No se enviaron cambios. Credenciales actuales se mantienen.',
          empresa: { id: company.id, nombre: 'Mi Empresa' },
          configurado: {
            access_token: false,
            webhook_secret: false,
            public_key: false,
            mode: 'live',
            telegram_configurado: false,
            telegram_activo: true,
          },
        },
      ]);
    }
    // The old route reset an omitted mode to "test"; this one leaves it.
    expect((await stored()).mercadopago_mode).toBe('live');
  });

  it("notificaciones_telegram false is a change; this service's mode names are taken too", async () => {
    const res = await configure({ notificaciones_telegram: false, mode: 'sandbox' });
    expect(res.body).toMatchObject({
      campos_modificados: ['mode', 'notificaciones_telegram'],
      configuracion_actual: { mode: 'sandbox', telegram_activo: false },
    });
  });

  it('a mode other than test/live (or sandbox/production), a malformed bot token, a wrong type: 422 {"detail"}, nothing written', async () => {
    const before = await stored();
    for (const body of [
      { mode: 'prod' },
      { telegram_bot_token: 'not-a-token' },
      { telegram_chat_id: 'chat room' },
      { notificaciones_telegram: 'quizás' },
    ]) {
      const res = await configure(body);
      expect([body, res.status, typeof res.body.detail]).toEqual([body, 422, 'string']);
    }
    expect(await stored()).toEqual(before);
  });

  it('no session: 401; a super admin (not a client admin): 403; neither writes', async () => {
    const before = await stored();
    const anonymous = await configure({ public_key: 'stolen' }, null);
    const superAdmin = await configure({ public_key: 'stolen' }, root);
    expect([anonymous.status, superAdmin.status]).toEqual([401, 403]);
    expect(typeof anonymous.body.detail).toBe('string');
    expect(await stored()).toEqual(before);
  });
});
