/**
 * The old client-admin contract (LEGACY-API.md §4.4, §7): every documented request of
 * `/api/v1/admin/...` replayed as an old admin script or the old admin UI sent it, and the answer
 * checked field by field and status by status. Where this service answers differently on purpose,
 * the test says so and apps/api/README.md ("Migrating from the old service") lists it.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js';
import { ringPng } from '../helpers/png.js';
import { clientAdminToken, createCompany, superAdminToken } from '../helpers/seed.js';

const BOT_TOKEN = '7234567890:AAHfake-bot-token_for-tests-0123456789';
const OTHER_BOT_TOKEN = '7234567891:AAHanother-bot-token-nobody-knows-99';
const CHAT_ID = '-1001234567890';
const MASK = '********';
const NAIVE_OR_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

let t: TestApp;
let telegram: FakeTelegram;
let root: string;
let client: string;
let company: { id: string; nombre: string };
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
  t = await startTestApp({ config: { telegram: { apiUrl: telegram.url, timeoutMs: 2000 } }, logStream });
  root = await superAdminToken(t);
  company = await createCompany(t, root, { nombre: 'Café <Plaza> & Co', contacto_email: 'ops@plaza.example' });
  client = await clientAdminToken(t, root, company.id, 'ana@plaza.example');
});
afterAll(async () => {
  await t.close();
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

  it('is for client admins only', async () => {
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { token: root })).status).toBe(403);
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
