import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyAuth, grantOf } from '../src/http/auth.js';
import type { RouteModule } from '../src/http/context.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { clientAdminToken, createCompany, createRouter, superAdminToken } from './helpers/seed.js';

let t: TestApp;
let clock = new Date('2026-03-01T12:00:00Z');
let root: string;

beforeAll(async () => {
  t = await startTestApp({ now: () => clock, config: { apiKeyTtlDays: 30 }, extraRoutes: [whoami] });
  root = await superAdminToken(t);
});
afterAll(() => t.close());

/** A probe behind the API-key hook: answers the router and empresa the key opens. */
const whoami: RouteModule = (app, ctx) => {
  app.get('/test/whoami', { onRequest: apiKeyAuth(ctx) }, async (request) => {
    const grant = grantOf(request);
    return { router_id: grant.router.id, empresa_id: grant.company.id, key_id: grant.keyId };
  });
};
const portal = (apiKey: string) => t.request('GET', '/test/whoami', { apiKey });

describe('empresas', () => {
  it('creates an empresa without gateway settings', async () => {
    const res = await t.request('POST', '/admin/empresas', {
      token: root,
      body: { nombre: 'WiFi Playa', contacto_email: 'ops@playa.mx', contacto_telefono: '+52 55 1234 5678' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^EMP_[0-9A-F]{10}$/),
      nombre: 'WiFi Playa',
      contacto_email: 'ops@playa.mx',
      contacto_telefono: '+52 55 1234 5678',
      activa: true,
      creada_en: clock.toISOString(),
      conekta_public_key: null,
      conekta_private_key: null,
      conekta_mode: null,
      mercadopago_public_key: null,
      mercadopago_access_token: null,
      mercadopago_mode: null,
      mercadopago_webhook_secret: null,
      color_primario: null,
      color_secundario: null,
      vende_efectivo: false,
    });
  });

  it('creates an empresa with gateway settings, answering secrets masked', async () => {
    const res = await t.request('POST', '/admin/empresas', {
      token: root,
      body: {
        nombre: 'Café Red',
        conekta_private_key: 'key_priv_123',
        conekta_public_key: 'key_pub_123',
        conekta_mode: 'sandbox',
        mercadopago_access_token: 'APP_USR-secret',
        mercadopago_webhook_secret: 'whsec',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      conekta_private_key: '********',
      conekta_public_key: 'key_pub_123',
      conekta_mode: 'sandbox',
      mercadopago_access_token: '********',
      mercadopago_public_key: null,
      mercadopago_webhook_secret: '********',
    });
  });

  it('refuses a nameless empresa and an unknown mode with 422', async () => {
    for (const body of [{}, { nombre: '' }, { nombre: 'x', conekta_mode: 'live-ish' }]) {
      const res = await t.request('POST', '/admin/empresas', { token: root, body });
      expect(res.status).toBe(422);
      expect(typeof res.body.detail).toBe('string');
    }
  });

  it('lists every empresa', async () => {
    const res = await t.request('GET', '/admin/empresas', { token: root });
    expect(res.status).toBe(200);
    expect(res.body.map((e: any) => e.nombre)).toEqual(expect.arrayContaining(['WiFi Playa', 'Café Red']));
  });
});

describe('routers', () => {
  it('creates a router: the seed fields plus a key shown once', async () => {
    const company = await createCompany(t, root);
    const res = await t.request('POST', `/admin/empresas/${company.id}/routers`, {
      token: root,
      body: { nombre: 'Lobby', host: '192.168.88.1', usuario: 'api', password: 's3cret', ubicacion: 'Recepción' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^RTR_[0-9A-F]{8}$/),
      empresa_id: company.id,
      nombre: 'Lobby',
      host: '192.168.88.1',
      puerto: 8728,
      ubicacion: 'Recepción',
      activo: true,
      creado_en: clock.toISOString(),
      tls: false,
      tls_mode: 'verify-cert',
      api_key: expect.stringMatching(/^hsk_[A-Za-z0-9_-]{43}$/),
      api_key_info: {
        key_id: expect.stringMatching(/^KEY_[0-9A-F]{8}$/),
        issued_at: clock.toISOString(),
        expires_at: new Date(clock.getTime() + 30 * 86_400_000).toISOString(),
        type: 'router_api_key',
      },
    });
    expect(JSON.stringify(res.body)).not.toContain('s3cret');

    const one = await t.request('GET', `/admin/empresas/${company.id}/routers/${res.body.id}`, { token: root });
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty('api_key');
    expect(one.body).not.toHaveProperty('password');
    const list = await t.request('GET', `/admin/empresas/${company.id}/routers`, { token: root });
    expect(list.body).toEqual([one.body]);
  });

  it('makes port 8729 TLS by default', async () => {
    const company = await createCompany(t, root);
    const router = await createRouter(t, root, company.id, { puerto: 8729, tls_mode: 'anonymous-dh' });
    expect(router).toMatchObject({ puerto: 8729, tls: true, tls_mode: 'anonymous-dh' });
  });

  it('answers 404 "Empresa no encontrada" for an unknown empresa', async () => {
    const res = await t.request('POST', '/admin/empresas/EMP_0000000000/routers', {
      token: root,
      body: { nombre: 'x', host: '10.0.0.1', usuario: 'a', password: 'b' },
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Empresa no encontrada' });
    expect((await t.request('GET', '/admin/empresas/EMP_0000000000/routers', { token: root })).status).toBe(404);
  });

  it('refuses bad router bodies with 422', async () => {
    const company = await createCompany(t, root);
    const good = { nombre: 'x', host: '10.0.0.1', usuario: 'a', password: 'b' };
    for (const body of [
      { ...good, host: 'http://10.0.0.1/' },
      { ...good, puerto: 70000 },
      { ...good, usuario: undefined },
      { ...good, tls_mode: 'none' },
    ]) {
      const res = await t.request('POST', `/admin/empresas/${company.id}/routers`, { token: root, body });
      expect(res.status).toBe(422);
    }
  });

  it('answers 404 for a router of another empresa under this one', async () => {
    const a = await createCompany(t, root);
    const b = await createCompany(t, root);
    const router = await createRouter(t, root, a.id);
    for (const [method, suffix] of [
      ['GET', ''],
      ['PUT', '/toggle-activo'],
      ['DELETE', ''],
      ['POST', '/regenerate-api-key'],
      ['GET', '/api-keys'],
      ['GET', '/api-key-status'],
    ] as const) {
      const res = await t.request(method, `/admin/empresas/${b.id}/routers/${router.id}${suffix}`, { token: root });
      expect(res.status, `${method} ${suffix}`).toBe(404);
      expect(res.body).toEqual({ detail: 'Router no encontrado o no pertenece a la empresa' });
    }
  });

  it('toggles activo; an inactive router has its key refused with 401', async () => {
    const company = await createCompany(t, root);
    const router = await createRouter(t, root, company.id);
    const off = await t.request('PUT', `/admin/empresas/${company.id}/routers/${router.id}/toggle-activo`, { token: root });
    expect(off.status).toBe(200);
    expect(off.body.activo).toBe(false);
    expect((await portal(router.api_key)).status).toBe(401);
    const on = await t.request('PUT', `/admin/empresas/${company.id}/routers/${router.id}/toggle-activo`, { token: root });
    expect(on.body.activo).toBe(true);
    expect((await portal(router.api_key)).status).toBe(200);
  });

  it('deletes a router and its keys', async () => {
    const company = await createCompany(t, root);
    const router = await createRouter(t, root, company.id);
    const res = await t.request('DELETE', `/admin/empresas/${company.id}/routers/${router.id}`, { token: root });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Router eliminado exitosamente', router_id: router.id, empresa_id: company.id });
    expect((await t.request('GET', `/admin/empresas/${company.id}/routers/${router.id}`, { token: root })).status).toBe(404);
    expect((await portal(router.api_key)).status).toBe(401);
  });
});

describe('router API keys', () => {
  it('regenerates: the old key stops working at once', async () => {
    const company = await createCompany(t, root);
    const router = await createRouter(t, root, company.id);
    const res = await t.request('POST', `/admin/empresas/${company.id}/routers/${router.id}/regenerate-api-key`, { token: root });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'API Key regenerada exitosamente',
      router_id: router.id,
      new_api_key: expect.stringMatching(/^hsk_/),
      api_key_info: expect.objectContaining({ key_id: expect.any(String), type: 'router_api_key' }),
      previous_key_revoked: true,
    });
    expect(res.body.new_api_key).not.toBe(router.api_key);
    expect((await portal(router.api_key)).status).toBe(401);
    expect((await portal(res.body.new_api_key)).body).toEqual({
      router_id: router.id,
      empresa_id: company.id,
      key_id: res.body.api_key_info.key_id,
    });

    const keys = await t.request('GET', `/admin/empresas/${company.id}/routers/${router.id}/api-keys`, { token: root });
    expect(keys.status).toBe(200);
    expect(keys.body.map((k: any) => k.estado).sort()).toEqual(['activa', 'revocada']);
    expect(JSON.stringify(keys.body)).not.toContain(res.body.new_api_key);
    expect(keys.body.find((k: any) => k.estado === 'activa').last_used_at).toBe(clock.toISOString());
  });

  it('revokes one key; its status then shows no working key', async () => {
    const company = await createCompany(t, root);
    const router = await createRouter(t, root, company.id);
    const base = `/admin/empresas/${company.id}/routers/${router.id}`;
    const status = await t.request('GET', `${base}/api-key-status`, { token: root });
    expect(status.body).toMatchObject({ router_id: router.id, has_active_key: true, key_id: router.api_key_info.key_id, status: 'active' });
    const res = await t.request('POST', `${base}/api-keys/${router.api_key_info.key_id}/revoke`, { token: root });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'API Key revocada exitosamente',
      key_id: router.api_key_info.key_id,
      router_id: router.id,
      revoked_at: clock.toISOString(),
    });
    expect((await portal(router.api_key)).status).toBe(401);
    expect((await t.request('GET', `${base}/api-key-status`, { token: root })).body).toMatchObject({
      router_id: router.id,
      has_active_key: false,
      status: 'no_key',
    });
    expect((await t.request('POST', `${base}/api-keys/KEY_00000000/revoke`, { token: root })).status).toBe(404);
  });

  it('records every use of a key: when it was last used, and how many times (the old use_count)', async () => {
    const company = await createCompany(t, root);
    const router = await createRouter(t, root, company.id);
    const usage = async () => {
      const [key] = (await t.request('GET', `/admin/empresas/${company.id}/routers/${router.id}/api-keys`, { token: root })).body;
      return { last_used_at: key.last_used_at, use_count: key.use_count };
    };
    expect(await usage()).toEqual({ last_used_at: null, use_count: 0 });
    await portal(router.api_key);
    expect(await usage()).toEqual({ last_used_at: clock.toISOString(), use_count: 1 });
    clock = new Date(clock.getTime() + 30_000);
    await Promise.all([portal(router.api_key), portal(router.api_key), portal(router.api_key)]);
    expect(await usage()).toEqual({ last_used_at: clock.toISOString(), use_count: 4 });
  });

  it('expires after API_KEY_TTL_DAYS', async () => {
    const company = await createCompany(t, root);
    const router = await createRouter(t, root, company.id);
    expect((await portal(router.api_key)).status).toBe(200);
    clock = new Date(clock.getTime() + 31 * 86_400_000);
    root = await superAdminToken(t);
    expect((await portal(router.api_key)).status).toBe(401);
    const keys = await t.request('GET', `/admin/empresas/${company.id}/routers/${router.id}/api-keys`, { token: root });
    expect(keys.body[0].estado).toBe('expirada');
  });

  it('is accepted as Authorization: Bearer too, and refused for an inactive empresa', async () => {
    const company = await createCompany(t, root);
    const router = await createRouter(t, root, company.id);
    const bearer = await t.request('GET', '/test/whoami', { headers: { authorization: `Bearer ${router.api_key}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.body.router_id).toBe(router.id);
    await t.db.updateTable('empresas').set({ activa: false }).where('id', '=', company.id).execute();
    const res = await portal(router.api_key);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'API Key no válida o revocada' });
  });
});

describe('empresa activation', () => {
  it('deactivates an empresa (its API keys, logins and sessions stop) and activates it again', async () => {
    const company = await createCompany(t, root);
    const router = await createRouter(t, root, company.id);
    const adminToken = await clientAdminToken(t, root, company.id, `ops-${company.id.toLowerCase()}@example.com`);
    const off = await t.request('PATCH', `/admin/empresas/${company.id}`, { token: root, body: { activa: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: company.id, activa: false });
    expect((await portal(router.api_key)).status).toBe(401);
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { token: adminToken })).status).not.toBe(200);
    const on = await t.request('PATCH', `/admin/empresas/${company.id}`, { token: root, body: { activa: true } });
    expect(on.body).toMatchObject({ id: company.id, activa: true });
    expect((await portal(router.api_key)).status).toBe(200);
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { token: adminToken })).status).toBe(200);
  });

  it('answers 404 for an unknown empresa, 422 for a body that is not a state, 403 for a client admin', async () => {
    const missing = await t.request('PATCH', '/admin/empresas/EMP_0000000000', { token: root, body: { activa: false } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Empresa no encontrada' });
    const company = await createCompany(t, root);
    expect((await t.request('PATCH', `/admin/empresas/${company.id}`, { token: root, body: { activa: 'no' } })).status).toBe(422);
    const adminToken = await clientAdminToken(t, root, company.id, `other-${company.id.toLowerCase()}@example.com`);
    expect((await t.request('PATCH', `/admin/empresas/${company.id}`, { token: adminToken, body: { activa: false } })).status).toBe(403);
  });
});

describe('usuarios', () => {
  it('creates, lists, reads and toggles an admin', async () => {
    const company = await createCompany(t, root);
    const res = await t.request('POST', '/admin/usuarios', {
      token: root,
      body: { email: 'Ana@Example.com', password: 'ana-password', nombre: 'Ana', rol: 'cliente_admin', empresa_id: company.id },
    });
    expect(res.status).toBe(200);
    const created = res.body.usuario;
    expect(created).toEqual({
      id: expect.any(Number),
      email: 'ana@example.com',
      nombre: 'Ana',
      rol: 'cliente_admin',
      empresa_id: company.id,
      activo: true,
      creado_en: clock.toISOString(),
    });
    expect(JSON.stringify(res.body)).not.toContain('password_hash');
    const one = await t.request('GET', `/admin/usuarios/${created.id}`, { token: root });
    expect(one.body).toEqual(created);
    const all = await t.request('GET', '/admin/usuarios', { token: root });
    expect(all.body).toContainEqual(created);
    const toggled = await t.request('PUT', `/admin/usuarios/${created.id}/toggle-activo`, { token: root });
    expect(toggled.body.activo).toBe(false);
  });

  it('refuses duplicates, bad role/empresa combinations (400) and unknown empresas (404)', async () => {
    const company = await createCompany(t, root);
    const body = { email: 'dup@example.com', password: 'dup-password', nombre: 'Dup', rol: 'cliente_admin', empresa_id: company.id };
    expect((await t.request('POST', '/admin/usuarios', { token: root, body })).status).toBe(200);
    const dup = await t.request('POST', '/admin/usuarios', { token: root, body: { ...body, email: 'DUP@example.com' } });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ detail: 'El email ya está registrado' });
    expect(
      (await t.request('POST', '/admin/usuarios', { token: root, body: { ...body, email: 'x@example.com', empresa_id: undefined } }))
        .status,
    ).toBe(400);
    expect(
      (await t.request('POST', '/admin/usuarios', { token: root, body: { ...body, email: 'y@example.com', rol: 'super_admin' } })).status,
    ).toBe(400);
    expect(
      (await t.request('POST', '/admin/usuarios', { token: root, body: { ...body, email: 'z@example.com', rol: 'owner' } })).status,
    ).toBe(400);
    const missing = await t.request('POST', '/admin/usuarios', {
      token: root,
      body: { ...body, email: 'w@example.com', empresa_id: 'EMP_FFFFFFFFFF' },
    });
    expect(missing.status).toBe(404);
  });

  it('answers 404 for unknown ids, 422 for ids that are no number, and 400 when deactivating oneself', async () => {
    expect((await t.request('GET', '/admin/usuarios/999999', { token: root })).status).toBe(404);
    expect((await t.request('GET', '/admin/usuarios/abc', { token: root })).status).toBe(422);
    const me = (await t.request('GET', '/admin/usuarios', { token: root })).body.find((u: any) => u.rol === 'super_admin');
    const res = await t.request('PUT', `/admin/usuarios/${me.id}/toggle-activo`, { token: root });
    expect(res.status).toBe(400);
  });
});
