/**
 * The old client-admin contract (LEGACY-API.md §4.4, §7): every documented request of
 * `/api/v1/admin/...` replayed as an old admin script or the old admin UI sent it, and the answer
 * checked field by field and status by status. Where this service answers differently on purpose,
 * the test says so and apps/api/README.md ("Migrating from the old service") lists it.
 */
import { Writable } from 'node:stream';
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js';
import { closedPort } from '../helpers/net.js';
import { waitFor } from '../helpers/wait.js';
import { ringPng } from '../helpers/png.js';
import { clientAdminToken, createCompany, createRouter, superAdminToken } from '../helpers/seed.js';
import { conektaBody, mercadoPagoBody, startPortalEnv, type PortalEnv } from '../payments/portal-env.js';

const BOT_TOKEN = '7234567890:AAHfake-bot-token_for-tests-0123456789';
const OTHER_BOT_TOKEN = '7234567891:AAHanother-bot-token-nobody-knows-99';
const CHAT_ID = '-1001234567890';
const MASK = '********';
const NAIVE_OR_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

let env: PortalEnv;
let t: TestApp;
let telegram: FakeTelegram;
let root: string;
/** The client admin of an empresa made for these tests (settings, Telegram, logo). */
let client: string;
let company: { id: string; nombre: string };
/** The client admin of the seeded shop: a router on the mock router, plans, sales through the fake gateways. */
let shopAdmin: string;
let logs = '';

const row = () => t.db.selectFrom('empresas').selectAll().where('id', '=', company.id).executeTakeFirstOrThrow();

beforeAll(async () => {
  telegram = await startFakeTelegram({ token: BOT_TOKEN, chats: [CHAT_ID] });
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  env = await startPortalEnv({ config: { telegram: { apiUrl: telegram.url, timeoutMs: 2000 } }, logStream });
  t = env.app;
  root = await superAdminToken(t);
  company = await createCompany(t, root, { nombre: 'Café <Plaza> & Co', contacto_email: 'ops@plaza.example' });
  client = await clientAdminToken(t, root, company.id, 'ana@plaza.example');
  shopAdmin = await clientAdminToken(t, root, env.shop.company.id, 'admin@shop.example');
});
afterAll(async () => {
  await env.close();
  await telegram.close();
});

describe('GET /api/v1/admin/mi-empresa', () => {
  it('answers every field of the old answer, the Telegram token masked', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa', { token: client });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: company.id,
      nombre: 'Café <Plaza> & Co',
      contacto_email: 'ops@plaza.example',
      contacto_telefono: null,
      logo_url: null,
      conekta_mode: null,
      conekta_public_key: null,
      mercado_pago_mode: null,
      mercado_pago_public_key: null,
      activa: true,
      creada_en: expect.stringMatching(NAIVE_OR_ISO),
      telegram_bot_token: null,
      telegram_chat_id: null,
      notificaciones_telegram: false,
    });
  });

  it('is for client admins only: a super admin gets 403 "Se requiere rol CLIENTE_ADMIN"', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa', { token: root });
    expect(res).toMatchObject({ status: 403, body: { detail: 'Se requiere rol CLIENTE_ADMIN' } });
    expect((await t.request('GET', '/api/v1/admin/mi-empresa')).status).toBe(401);
  });
});

describe('PUT /api/v1/admin/mi-empresa', () => {
  it('writes only the keys sent and answers {message, empresa} with the old six fields', async () => {
    const res = await t.request('PUT', '/api/v1/admin/mi-empresa', {
      token: client,
      body: { contacto_telefono: '81 5555 0101', telegram_bot_token: BOT_TOKEN, telegram_chat_id: CHAT_ID, notificaciones_telegram: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Información de la empresa actualizada correctamente');
    expect(res.body.empresa).toMatchObject({
      nombre: 'Café <Plaza> & Co',
      contacto_email: 'ops@plaza.example',
      contacto_telefono: '81 5555 0101',
      // The old answer echoed the token in clear (§8.8): here it is masked, and kept sealed.
      telegram_bot_token: MASK,
      telegram_chat_id: CHAT_ID,
      notificaciones_telegram: true,
    });
    const stored = await row();
    expect(stored.telegram_bot_token_sealed).not.toContain(BOT_TOKEN);
    expect(t.secrets.open(stored.telegram_bot_token_sealed!)).toBe(BOT_TOKEN);
    expect(stored).toMatchObject({ telegram_chat_id: CHAT_ID, telegram_notifications: true, contacto_telefono: '81 5555 0101' });
    expect(JSON.stringify(res.body)).not.toContain(BOT_TOKEN);
  });

  it('null writes NULL, and the old admin UI’s extra fields are ignored', async () => {
    const res = await t.request('PUT', '/api/v1/admin/mi-empresa', {
      token: client,
      body: { contacto_telefono: null, notificaciones_telegram: null, logo_url: '/static/logos/forged.png' },
    });
    expect(res.status).toBe(200);
    expect(res.body.empresa).toMatchObject({ contacto_telefono: null, notificaciones_telegram: false, telegram_bot_token: MASK });
    expect(await row()).toMatchObject({ contacto_telefono: null, telegram_notifications: false, telegram_chat_id: CHAT_ID });
  });

  it('refuses what is no Telegram token or chat id (422), and a null name (the old one failed with 500)', async () => {
    for (const body of [{ telegram_bot_token: 'not-a-token/../getMe?' }, { telegram_chat_id: 'abc def' }, { nombre: null }]) {
      const res = await t.request('PUT', '/api/v1/admin/mi-empresa', { token: client, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(typeof res.body.detail).toBe('string');
    }
  });
});

describe('Conekta settings', () => {
  it('PUT conekta-config takes the old body (mode test/live) and answers the old message', async () => {
    const res = await t.request('PUT', '/api/v1/admin/mi-empresa/conekta-config', {
      token: client,
      body: { conekta_private_key: 'key_private_live_1', conekta_public_key: 'key_public_live_1', conekta_mode: 'live' },
    });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Configuración de Conekta actualizada');
    const stored = await row();
    expect(stored).toMatchObject({ conekta_public_key: 'key_public_live_1', conekta_mode: 'live' });
    expect(t.secrets.open(stored.conekta_private_key_sealed!)).toBe('key_private_live_1');
  });

  it('GET conekta answers {message, configuracion_actual} with the private key masked', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa/conekta', { token: client });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Configuración cargada');
    expect(res.body.configuracion_actual).toEqual({
      conekta_public_key: 'key_public_live_1',
      conekta_mode: 'live',
      conekta_private_key: MASK,
    });
  });

  it('POST configurar-conekta: blank keys are not written; an omitted mode keeps the stored one (the old reset it to test)', async () => {
    const res = await t.request('POST', '/api/v1/admin/mi-empresa/configurar-conekta', {
      token: client,
      body: { conekta_private_key: '', conekta_public_key: 'key_public_live_2' },
    });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Credenciales de Conekta actualizadas correctamente');
    const stored = await row();
    expect(stored).toMatchObject({ conekta_public_key: 'key_public_live_2', conekta_mode: 'live' });
    expect(t.secrets.open(stored.conekta_private_key_sealed!)).toBe('key_private_live_1');
    const mode = await t.request('POST', '/api/v1/admin/mi-empresa/configurar-conekta', { token: client, body: { conekta_mode: 'test' } });
    expect(mode.status).toBe(200);
    expect((await row()).conekta_mode).toBe('test');
  });

  it('GET mi-empresa shows the Conekta public settings', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa', { token: client });
    expect(res.body).toMatchObject({ conekta_mode: 'test', conekta_public_key: 'key_public_live_2' });
  });
});

describe('Mercado Pago settings', () => {
  it('GET mercado-pago before any: every value null', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa/mercado-pago', { token: client });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Configuración cargada');
    expect(res.body.configuracion_actual).toEqual({ access_token: null, public_key: null, mode: null, webhook_secret: null });
  });

  it('POST mi-empresa/configurar-credenciales takes the old body and seals what the old one stored in clear', async () => {
    const res = await t.request('POST', '/api/v1/admin/mi-empresa/configurar-credenciales', {
      token: client,
      body: { access_token: 'APP_USR-123-token', public_key: 'APP_USR-public-1', webhook_secret: 'whsec-1', mode: 'test' },
    });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Credenciales de Mercado Pago actualizadas correctamente');
    const stored = await row();
    expect(stored).toMatchObject({ mercadopago_public_key: 'APP_USR-public-1', mercadopago_mode: 'test' });
    expect(t.secrets.open(stored.mercadopago_access_token_sealed!)).toBe('APP_USR-123-token');
    expect(t.secrets.open(stored.mercadopago_webhook_secret_sealed!)).toBe('whsec-1');
    expect(JSON.stringify(res.body)).not.toMatch(/APP_USR-123-token|whsec-1/);
  });

  it('GET mercado-pago answers the old configuracion_actual, secrets masked', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa/mercado-pago', { token: client });
    expect(res.body.configuracion_actual).toEqual({
      access_token: MASK,
      public_key: 'APP_USR-public-1',
      mode: 'test',
      webhook_secret: MASK,
    });
  });

  it('the old names win over this service’s; blank values are not written; mode live is accepted', async () => {
    const res = await t.request('POST', '/api/v1/admin/mi-empresa/configurar-credenciales', {
      token: client,
      body: { public_key: 'APP_USR-public-2', mercadopago_public_key: 'ignored', access_token: ' ', mode: 'live' },
    });
    expect(res.status).toBe(200);
    const stored = await row();
    expect(stored).toMatchObject({ mercadopago_public_key: 'APP_USR-public-2', mercadopago_mode: 'live' });
    expect(t.secrets.open(stored.mercadopago_access_token_sealed!)).toBe('APP_USR-123-token');
  });

  it('GET mi-empresa answers the old mercado_pago_* names', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa', { token: client });
    expect(res.body).toMatchObject({ mercado_pago_mode: 'live', mercado_pago_public_key: 'APP_USR-public-2' });
  });

  it('refuses a mode the old route would have stored as free text (422)', async () => {
    const res = await t.request('POST', '/api/v1/admin/mi-empresa/configurar-credenciales', { token: client, body: { mode: 'prod' } });
    expect(res.status).toBe(422);
  });
});

describe('POST /api/v1/admin/test-telegram', () => {
  it('sends the old test message, with the token and chat id of the body', async () => {
    const before = telegram.messages.length;
    const res = await t.request('POST', '/api/v1/admin/test-telegram', { token: client, body: { token: BOT_TOKEN, chat_id: CHAT_ID } });
    expect(res).toMatchObject({ status: 200, body: { message: 'Mensaje de prueba enviado con éxito' } });
    expect(telegram.messages.slice(before)).toEqual([
      {
        token: BOT_TOKEN,
        chat_id: CHAT_ID,
        parse_mode: 'HTML',
        // The name is escaped: the old service pasted it into the HTML as it was (§8.18).
        text: '⚡ <b>Prueba de Conexión en Vivo</b>\n🏢 Empresa: Café &lt;Plaza&gt; &amp; Co\n✅ ¡Tus credenciales son correctas!',
      },
    ]);
  });

  it('falls back to the stored token and chat id (null or absent in the body)', async () => {
    const before = telegram.messages.length;
    const res = await t.request('POST', '/api/v1/admin/test-telegram', { token: client, body: { token: null } });
    expect(res.status).toBe(200);
    expect(telegram.messages.slice(before)).toMatchObject([{ token: BOT_TOKEN, chat_id: CHAT_ID }]);
  });

  it('answers 400 when a token or chat id is missing both in the body and stored', async () => {
    await t.request('PUT', '/api/v1/admin/mi-empresa', { token: client, body: { telegram_chat_id: null } });
    const res = await t.request('POST', '/api/v1/admin/test-telegram', { token: client, body: {} });
    expect(res).toMatchObject({ status: 400, body: { detail: 'Faltan credenciales (Token o Chat ID)' } });
    await t.request('PUT', '/api/v1/admin/mi-empresa', { token: client, body: { telegram_chat_id: CHAT_ID } });
  });

  it('a token Telegram refuses answers the old message, with 502 instead of 500; the token is never logged', async () => {
    const paths = telegram.paths.length;
    const res = await t.request('POST', '/api/v1/admin/test-telegram', { token: client, body: { token: OTHER_BOT_TOKEN } });
    expect(res).toMatchObject({
      status: 502,
      body: { detail: 'Error de Telegram. Verifica que el Token sea válido y que hayas iniciado chat con el bot.' },
    });
    expect(telegram.paths.slice(paths)).toEqual([`/bot${OTHER_BOT_TOKEN}/sendMessage`]);
    const chat = await t.request('POST', '/api/v1/admin/test-telegram', { token: client, body: { chat_id: '-1009999' } });
    expect(chat.status).toBe(502);
    expect(logs).toContain('Telegram test message refused');
    expect(logs).toContain('chat not found');
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(OTHER_BOT_TOKEN);
    expect(logs).not.toContain(BOT_TOKEN.split(':')[1]);
  });

  it('refuses a token that is not of Telegram’s form before anything is sent (422)', async () => {
    const paths = telegram.paths.length;
    const res = await t.request('POST', '/api/v1/admin/test-telegram', { token: client, body: { token: '123:abc/../../getUpdates#' } });
    expect(res.status).toBe(422);
    expect(telegram.paths.length).toBe(paths);
  });
});

describe('POST /api/v1/admin/mi-empresa/logo', () => {
  async function upload(name: string, bytes: Uint8Array) {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const res = await fetch(`${t.url}/api/v1/admin/mi-empresa/logo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  }

  it('takes multipart field file and answers {message, logo_url} with the old URL form', async () => {
    const res = await upload('logo.png', ringPng(32, [200, 30, 30]));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Logo actualizado correctamente',
      logo_url: expect.stringMatching(new RegExp(`^/static/logos/logo_${company.id}_[0-9a-f]{6}\\.png$`)),
    });
    expect((await fetch(t.url + res.body.logo_url)).status).toBe(200);
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { token: client })).body.logo_url).toBe(res.body.logo_url);
  });

  it('answers 400 "Formato de imagen no permitido" for another extension', async () => {
    const res = await upload('logo.gif', ringPng(32, [0, 0, 0]));
    expect(res).toEqual({ status: 400, body: { detail: 'Formato de imagen no permitido' } });
  });
});

describe('GET /api/v1/admin/mi-empresa/routers', () => {
  it('answers {empresa_id, total, routers} with the old item fields', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa/routers', { token: shopAdmin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ empresa_id: env.shop.company.id, total: 1 });
    expect(res.body.routers).toEqual([
      expect.objectContaining({
        id: env.shop.router.id,
        nombre: 'Lobby',
        host: '127.0.0.1',
        ubicacion: 'Planta baja',
        activo: true,
        creado_en: expect.stringMatching(NAIVE_OR_ISO),
      }),
    ]);
  });
});

describe('PUT /api/v1/admin/mi-empresa/routers/{router_id}', () => {
  it('answers {message, router} with the old fields; an omitted puerto keeps the port (the old reset it to 8728)', async () => {
    const res = await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${env.shop.router.id}`, {
      token: shopAdmin,
      body: { nombre: 'Lobby Norte', ubicacion: 'Recepción' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Router actualizado correctamente',
      router: expect.objectContaining({
        id: env.shop.router.id,
        nombre: 'Lobby Norte',
        host: '127.0.0.1',
        puerto: env.mock.port,
        usuario: 'admin',
        ubicacion: 'Recepción',
        activo: true,
      }),
    });
  });

  it('takes the new RouterOS password as password_encrypted (sealed, never answered)', async () => {
    const res = await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${env.shop.router.id}`, {
      token: shopAdmin,
      body: { usuario: 'admin', password_encrypted: '' },
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('password');
    const row = await t.db.selectFrom('routers').select('password_sealed').where('id', '=', env.shop.router.id).executeTakeFirstOrThrow();
    expect(t.secrets.open(row.password_sealed)).toBe('');
  });

  it('answers 404 "Router no encontrado o no pertenece a tu empresa" for another empresa’s router', async () => {
    const res = await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${env.shop.router.id}`, { token: client, body: { nombre: 'x' } });
    expect(res).toMatchObject({ status: 404, body: { detail: 'Router no encontrado o no pertenece a tu empresa' } });
  });
});

describe('GET /api/v1/admin/routers/{router_id}/mikrotik-profiles', () => {
  const FIELDS = [
    'id',
    'name',
    'session_timeout',
    'idle_timeout',
    'keepalive_timeout',
    'status_autorefresh',
    'shared_users',
    'rate_limit',
    'address_list',
    'mac_cookie_timeout',
  ];

  it('answers the router’s profiles with the old ten fields', async () => {
    const res = await t.request('GET', `/api/v1/admin/routers/${env.shop.router.id}/mikrotik-profiles`, { token: shopAdmin });
    expect(res.status).toBe(200);
    // A router always has its `default` profile.
    expect(res.body.map((p: { name: string }) => p.name)).toEqual(['default', '1h', '1d']);
    for (const profile of res.body) expect(Object.keys(profile).sort()).toEqual([...FIELDS].sort());
    expect(res.body[1]).toMatchObject({ id: expect.stringMatching(/^\*/), name: '1h', session_timeout: '1h' });
  });

  it('answers 502 with what went wrong when the router cannot be reached (the old one: 500 with the raw error)', async () => {
    const away = await createRouter(t, root, env.shop.company.id, { nombre: 'Lejos', puerto: await closedPort(), password: '' });
    const res = await t.request('GET', `/api/v1/admin/routers/${away.id}/mikrotik-profiles`, { token: shopAdmin });
    expect(res.status).toBe(502);
    expect(res.body.detail).toEqual(expect.any(String));
    const test = await t.request('GET', `/api/v1/admin/routers/${away.id}/test-connection`, { token: shopAdmin });
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ success: false, message: 'Error de conexión', perfiles_encontrados: 0, router_name: null });
    expect(test.body.error).toEqual(expect.any(String));
    await t.request('PUT', `/admin/empresas/${env.shop.company.id}/routers/${away.id}/toggle-activo`, { token: root });
  });

  it('answers 404 for another empresa’s router and 400 for an inactive one', async () => {
    const foreign = await t.request('GET', `/api/v1/admin/routers/${env.shop.router.id}/mikrotik-profiles`, { token: client });
    expect(foreign).toMatchObject({ status: 404, body: { detail: 'Router no encontrado o no pertenece a tu empresa' } });
    const idle = await createRouter(t, root, env.shop.company.id, { nombre: 'Bodega', puerto: env.mock.port, password: '' });
    await t.request('PUT', `/admin/empresas/${env.shop.company.id}/routers/${idle.id}/toggle-activo`, { token: root });
    const res = await t.request('GET', `/api/v1/admin/routers/${idle.id}/mikrotik-profiles`, { token: shopAdmin });
    expect(res).toMatchObject({ status: 400, body: { detail: 'El router está inactivo. Actívalo primero desde el panel.' } });
  });
});

describe('GET /api/v1/admin/routers/{router_id}/test-connection', () => {
  it('answers the old fields on success', async () => {
    const res = await t.request('GET', `/api/v1/admin/routers/${env.shop.router.id}/test-connection`, { token: shopAdmin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      message: 'Conexión exitosa',
      router: { id: env.shop.router.id, nombre: 'Lobby Norte', host: '127.0.0.1', puerto: env.mock.port, activo: true },
      perfiles_encontrados: 3,
      router_name: expect.any(String),
      error: null,
      timestamp: expect.stringMatching(NAIVE_OR_ISO),
    });
  });

  it('answers an unknown router with 200 and success false, as the old one did', async () => {
    const res = await t.request('GET', '/api/v1/admin/routers/RTR_00000000/test-connection', { token: shopAdmin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: false,
      message: 'Router no encontrado',
      error: 'Router no encontrado o no pertenece a tu empresa',
    });
  });
});

describe('products (/api/v1/admin/products)', () => {
  let created: Record<string, unknown>;
  const body = () => ({
    router_id: env.shop.router.id,
    perfil_mikrotik_id: '*3',
    perfil_mikrotik_nombre: '1d',
    nombre_venta: 'Acceso 24 horas',
    descripcion: 'Internet ilimitado por un día',
    precio: 50.0,
    moneda: 'MXN',
    detalles: [{ texto: 'Velocidad 10 Mbps' }, { texto: '1 dispositivo' }],
    activo: true,
    orden_visual: 1,
    destacado: false,
  });

  it('POST takes the old admin UI’s body and answers 201 with ProductoResponse (detalles as strings)', async () => {
    const res = await t.request('POST', '/api/v1/admin/products', { token: shopAdmin, body: body() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(Number),
      router_id: env.shop.router.id,
      perfil_mikrotik_id: '*3',
      perfil_mikrotik_nombre: '1d',
      nombre_venta: 'Acceso 24 horas',
      descripcion: 'Internet ilimitado por un día',
      imagen_url: null,
      precio: 50.0,
      moneda: 'MXN',
      detalles: ['Velocidad 10 Mbps', '1 dispositivo'],
      activo: true,
      orden_visual: 1,
      destacado: false,
      creado_en: expect.stringMatching(NAIVE_OR_ISO),
    });
    created = res.body;
  });

  it('POST with defaults: moneda MXN, detalles [], activo true, orden_visual 0, destacado false', async () => {
    const res = await t.request('POST', '/api/v1/admin/products', {
      token: shopAdmin,
      body: { router_id: env.shop.router.id, perfil_mikrotik_id: '*4', perfil_mikrotik_nombre: '1h', nombre_venta: 'Hora', precio: 10 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ moneda: 'MXN', detalles: [], activo: true, orden_visual: 0, destacado: false, descripcion: null });
  });

  it('POST answers 409 for a second plan of the same profile on the router, 404 for another empresa’s router', async () => {
    const dup = await t.request('POST', '/api/v1/admin/products', { token: shopAdmin, body: body() });
    expect(dup).toMatchObject({
      status: 409,
      body: { detail: `Ya existe un producto con el perfil '*3' para este router (${env.shop.router.id})` },
    });
    const foreign = await t.request('POST', '/api/v1/admin/products', { token: client, body: body() });
    expect(foreign).toMatchObject({ status: 404, body: { detail: 'Router no encontrado o no pertenece a esta empresa' } });
  });

  it('GET lists the empresa’s plans (inactive too) of one router; an unknown router_id answers 404 "Router no encontrado"', async () => {
    const res = await t.request('GET', `/api/v1/admin/products?router_id=${env.shop.router.id}`, { token: shopAdmin });
    expect(res.status).toBe(200);
    expect(res.body.map((p: { id: number }) => p.id)).toContain(created.id);
    const unknown = await t.request('GET', '/api/v1/admin/products?router_id=RTR_00000000', { token: shopAdmin });
    expect(unknown).toMatchObject({ status: 404, body: { detail: 'Router no encontrado' } });
  });

  it('GET lists by orden_visual, then newest first (inactive plans too)', async () => {
    const make = async (perfil: string, orden_visual: number) =>
      (
        await t.request('POST', '/api/v1/admin/products', {
          token: shopAdmin,
          body: { ...body(), perfil_mikrotik_id: perfil, nombre_venta: perfil, orden_visual },
        })
      ).body.id as number;
    const older = await make('*30', 0);
    const newer = await make('*31', 0);
    const later = await make('*32', 9);
    const res = await t.request('GET', `/api/v1/admin/products?router_id=${env.shop.router.id}`, { token: shopAdmin });
    const ids = res.body.map((p: { id: number }) => p.id);
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    expect(ids.at(-1)).toBe(later);
    for (const id of [older, newer, later]) await t.request('DELETE', `/api/v1/admin/products/${id}`, { token: shopAdmin });
  });

  it('GET one answers ProductoResponse, or 404 "Producto no encontrado"', async () => {
    expect((await t.request('GET', `/api/v1/admin/products/${created.id}`, { token: shopAdmin })).body).toEqual(created);
    const missing = await t.request('GET', '/api/v1/admin/products/999999', { token: shopAdmin });
    expect(missing).toMatchObject({ status: 404, body: { detail: 'Producto no encontrado' } });
  });

  it('PUT applies only the keys sent; a currency other than MXN, USD, EUR is the old string 422', async () => {
    const res = await t.request('PUT', `/api/v1/admin/products/${created.id}`, {
      token: shopAdmin,
      body: { precio: 45.5, detalles: [{ texto: 'Velocidad 20 Mbps' }], moneda: 'USD' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...created, precio: 45.5, precio_centavos: 4550, detalles: ['Velocidad 20 Mbps'], moneda: 'USD' });
    const bad = await t.request('PUT', `/api/v1/admin/products/${created.id}`, { token: shopAdmin, body: { moneda: 'BTC' } });
    expect(bad).toEqual({
      status: 422,
      headers: expect.anything(),
      body: { detail: 'Moneda no válida. Valores permitidos: MXN, USD, EUR' },
    });
    const foreign = await t.request('PUT', `/api/v1/admin/products/${created.id}`, { token: client, body: { precio: 1 } });
    expect(foreign).toMatchObject({ status: 404, body: { detail: 'Producto no encontrado o no pertenece a esta empresa' } });
  });

  it('DELETE deactivates: {message, producto_id, activo: false}; 404 for an unknown plan', async () => {
    const res = await t.request('DELETE', `/api/v1/admin/products/${created.id}`, { token: shopAdmin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message: 'Producto desactivado', producto_id: created.id, activo: false });
    expect((await t.request('GET', `/api/v1/admin/products/${created.id}`, { token: shopAdmin })).body.activo).toBe(false);
    const missing = await t.request('DELETE', '/api/v1/admin/products/999999', { token: shopAdmin });
    expect(missing).toMatchObject({ status: 404, body: { detail: 'Producto no encontrado' } });
  });
});

describe('sales: GET mi-empresa/transacciones and mi-empresa/dashboard', () => {
  const sales: Record<string, string> = {};

  let noticesBefore: number;

  beforeAll(async () => {
    // The shop announces its sales on Telegram (§7.1).
    const on = { telegram_bot_token: BOT_TOKEN, telegram_chat_id: CHAT_ID, notificaciones_telegram: true };
    expect((await t.request('PUT', '/api/v1/admin/mi-empresa', { token: shopAdmin, body: on })).status).toBe(200);
    noticesBefore = telegram.messages.length;
    const plan = env.shop.plan;
    const buy = async (path: string, body: Record<string, unknown>) =>
      (await t.request('POST', path, { apiKey: env.shop.apiKey, body })).body.id_transaccion as string;
    sales.conekta = await buy('/api/v1/payments/pagar-conekta', conektaBody(plan.id, TEST_TOKENS.approve));
    sales.mercadoPago = await buy('/api/v1/payments/pagar-mercado-pago', mercadoPagoBody(plan.id, TEST_TOKENS.approve, 19.99));
    sales.declined = await buy('/api/v1/payments/pagar-conekta', conektaBody(plan.id, TEST_TOKENS.decline));
  });

  it('lists newest first in the old item shape, estado_pago in the gateway’s words (paid, approved, declined)', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa/transacciones?limit=50&offset=0', { token: shopAdmin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ empresa_id: env.shop.company.id, total: 3, limit: 50, offset: 0 });
    const byId = Object.fromEntries(res.body.transacciones.map((x: { id: string }) => [x.id, x]));
    expect(res.body.transacciones.map((x: { id: string }) => x.id)).toEqual([sales.declined, sales.mercadoPago, sales.conekta]);
    const charges = Object.fromEntries(
      (await t.db.selectFrom('transacciones').select(['id', 'charge_id']).execute()).map((r) => [r.id, r.charge_id]),
    );
    for (const [name, estado_pago, estado] of [
      ['conekta', 'paid', 'paid'],
      ['mercadoPago', 'approved', 'paid'],
      ['declined', 'declined', 'declined'],
    ] as const) {
      expect(byId[sales[name]!]).toMatchObject({
        id: sales[name],
        transaccion_id: charges[sales[name]!],
        monto: 19.99,
        estado_pago,
        estado,
        cliente_nombre: 'Ana López',
        creada_en: expect.stringMatching(NAIVE_OR_ISO),
      });
    }
    expect(byId[sales.conekta!].transaccion_id).toEqual(expect.any(String));
  });

  it('pages with limit and offset; a limit above 500 gets 500 rows at most and says so', async () => {
    const second = await t.request('GET', '/api/v1/admin/mi-empresa/transacciones?limit=1&offset=1', { token: shopAdmin });
    expect(second.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(second.body.transacciones.map((x: { id: string }) => x.id)).toEqual([sales.mercadoPago]);
    const big = await t.request('GET', '/api/v1/admin/mi-empresa/transacciones?limit=100000', { token: shopAdmin });
    expect(big.body).toMatchObject({ total: 3, limit: 500, offset: 0 });
    const none = await t.request('GET', '/api/v1/admin/mi-empresa/transacciones?limit=0', { token: shopAdmin });
    expect(none.body).toMatchObject({ total: 3, limit: 0, transacciones: [] });
  });

  it('dashboard answers empresa, estadisticas and transacciones_recientes as the old one did', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa/dashboard', { token: shopAdmin });
    expect(res.status).toBe(200);
    expect(res.body.empresa).toEqual({ nombre: 'WiFi Plaza', activa: true });
    expect(res.body.estadisticas).toEqual({
      total_transacciones: 3,
      // Paid sales only (the old one added up every row, declined included).
      ingresos_totales: 39.98,
      // Both gateways' paid sales (the old one counted only Conekta's `paid`).
      transacciones_pagadas: 2,
      transacciones_pendientes: 0,
      total_routers: 3,
    });
    expect(res.body.transacciones_recientes).toEqual(
      [
        [sales.declined, 'declined'],
        [sales.mercadoPago, 'approved'],
        [sales.conekta, 'paid'],
      ].map(([id, estado]) => ({
        id,
        transaccion_id: expect.any(String),
        monto: 19.99,
        estado,
        fecha: expect.stringMatching(NAIVE_OR_ISO),
      })),
    );
  });

  it('a paid Mercado Pago sale is announced on Telegram as the old service did, without the credentials', async () => {
    const sale = await t.db.selectFrom('transacciones').selectAll().where('id', '=', sales.mercadoPago!).executeTakeFirstOrThrow();
    await waitFor(() => telegram.messages.length > noticesBefore, 'the sale notice');
    // Only the Mercado Pago sale: the old service announced no Conekta sale, and no declined one.
    expect(telegram.messages.slice(noticesBefore)).toEqual([
      {
        token: BOT_TOKEN,
        chat_id: CHAT_ID,
        parse_mode: 'HTML',
        text: [
          '✅ <b>¡Pago Aprobado!</b>',
          '🏢 <b>Empresa:</b> WiFi Plaza',
          '📦 <b>Plan:</b> Plan 1 hora',
          '💰 <b>Monto:</b> $19.99 MXN',
          '👤 <b>Cliente:</b> Ana López',
          `🆔 <b>Transacción:</b> <code>${sale.charge_id}</code>`,
          `👤 <b>Usuario:</b> <code>${sale.hotspot_username}</code>`,
          '🔥 <i>Acceso WiFi entregado correctamente.</i>',
        ].join('\n'),
      },
    ]);
    expect(telegram.messages.at(-1)!.text).not.toContain(t.secrets.open(sale.hotspot_password_sealed));
  });
});
