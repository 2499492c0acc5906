import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { clientAdminToken, createCompany, createRouter, superAdminToken } from './helpers/seed.js';

let t: TestApp;
let root: string;
let client: string;
let company: any;

beforeAll(async () => {
  t = await startTestApp();
  root = await superAdminToken(t);
  company = await createCompany(t, root, { nombre: 'Mi Empresa', contacto_email: 'me@example.com' });
  client = await clientAdminToken(t, root, company.id, 'client@example.com');
});
afterAll(() => t.close());

/** The empresa as its client admin sees it: the super admin's view plus the old answer's other fields. */
const own = () => ({
  ...company,
  logo_url: null,
  mercado_pago_public_key: null,
  mercado_pago_mode: null,
  telegram_bot_token: null,
  telegram_chat_id: null,
  notificaciones_telegram: false,
  zona_horaria: 'America/Mexico_City',
});

describe('mi-empresa', () => {
  it('GET answers the caller’s empresa', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa', { token: client });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(own());
  });

  it('PUT changes only the fields sent', async () => {
    const res = await t.request('PUT', '/api/v1/admin/mi-empresa', { token: client, body: { contacto_telefono: '555-0101' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Información de la empresa actualizada correctamente',
      empresa: { ...own(), contacto_telefono: '555-0101' },
    });
    expect((await t.request('PUT', '/api/v1/admin/mi-empresa', { token: client, body: { nombre: '' } })).status).toBe(422);
  });

  it('PUT takes zona_horaria only as an IANA zone (422 otherwise, nothing changed) and the reports count in it', async () => {
    const put = (zona_horaria: unknown) => t.request('PUT', '/api/v1/admin/mi-empresa', { token: client, body: { zona_horaria } });
    const saved = await put('america/bogota');
    expect(saved.status).toBe(200);
    expect(saved.body.empresa.zona_horaria).toBe('America/Bogota');
    const summary = await t.request('GET', '/api/v1/admin/mi-empresa/resumen', { token: client });
    expect(summary.body.zona_horaria).toBe('America/Bogota');
    for (const bad of ['Mars/Olympus_Mons', '+05:00', 'America/Bogota; drop table empresas', ' ']) {
      const res = await put(bad);
      expect(res.status, bad).toBe(422);
      expect(res.body.detail, bad).toMatch(/zona_horaria/);
    }
    expect((await put('')).status).toBe(422);
    expect((await put(null)).status).toBe(422);
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { token: client })).body.zona_horaria).toBe('America/Bogota');
    expect((await put('America/Mexico_City')).body.empresa.zona_horaria).toBe('America/Mexico_City');
  });

  it('is for client admins: a super admin gets 403', async () => {
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { token: root })).status).toBe(403);
  });
});

describe('gateway settings', () => {
  it('PUT conekta-config stores the keys and answers the secret masked', async () => {
    const res = await t.request('PUT', '/api/v1/admin/mi-empresa/conekta-config', {
      token: client,
      body: { conekta_private_key: 'key_private_abc', conekta_public_key: 'key_public_abc', conekta_mode: 'production' },
    });
    expect(res.status).toBe(200);
    const conekta = { conekta_private_key: '********', conekta_public_key: 'key_public_abc', conekta_mode: 'production' };
    expect(res.body).toEqual({ message: 'Configuración de Conekta actualizada', ...conekta, configurado: true });
    expect((await t.request('GET', '/api/v1/admin/mi-empresa/conekta', { token: client })).body).toEqual({
      message: 'Configuración cargada',
      configuracion_actual: conekta,
      ...conekta,
      configurado: true,
    });
  });

  it('POST configurar-credenciales sets Mercado Pago fields and leaves the rest', async () => {
    const res = await t.request('POST', '/api/v1/admin/mi-empresa/configurar-credenciales', {
      token: client,
      body: {
        mercadopago_access_token: 'APP_USR-token',
        mercadopago_public_key: 'APP_USR-public',
        mercadopago_mode: 'sandbox',
        mercadopago_webhook_secret: 'hook-secret',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Credenciales de Mercado Pago actualizadas correctamente',
      conekta: { conekta_private_key: '********', conekta_public_key: 'key_public_abc', conekta_mode: 'production', configurado: true },
      mercado_pago: {
        mercadopago_access_token: '********',
        mercadopago_public_key: 'APP_USR-public',
        mercadopago_mode: 'sandbox',
        mercadopago_webhook_secret: '********',
        configurado: true,
      },
    });
    expect((await t.request('GET', '/api/v1/admin/mi-empresa/mercado-pago', { token: client })).body).toEqual({
      message: 'Configuración cargada',
      configuracion_actual: { access_token: '********', public_key: 'APP_USR-public', mode: 'sandbox', webhook_secret: '********' },
      ...res.body.mercado_pago,
    });
  });

  it('refuses an unknown mode with 422; a blank secret leaves the stored one (as the old service did)', async () => {
    expect(
      (await t.request('PUT', '/api/v1/admin/mi-empresa/conekta-config', { token: client, body: { conekta_mode: 'bogus' } })).status,
    ).toBe(422);
    const before = await t.db.selectFrom('empresas').selectAll().where('id', '=', company.id).executeTakeFirstOrThrow();
    const blank = await t.request('POST', '/api/v1/admin/mi-empresa/configurar-credenciales', {
      token: client,
      body: { mercadopago_access_token: '', access_token: '  ' },
    });
    expect(blank.status).toBe(200);
    expect(await t.db.selectFrom('empresas').selectAll().where('id', '=', company.id).executeTakeFirstOrThrow()).toEqual(before);
  });
});

describe('mi-empresa routers', () => {
  it('lists the empresa’s routers as {empresa_id, total, routers}', async () => {
    const router = await createRouter(t, root, company.id, { nombre: 'Terraza' });
    const res = await t.request('GET', '/api/v1/admin/mi-empresa/routers', { token: client });
    expect(res.status).toBe(200);
    const { api_key, api_key_info, ...view } = router;
    expect(res.body).toEqual({ empresa_id: company.id, total: 1, routers: [view] });
  });

  it('PUT with partial fields changes only those (old field name password_encrypted included)', async () => {
    const router = await createRouter(t, root, company.id, { nombre: 'Patio', ubicacion: 'Atrás' });
    const { api_key, api_key_info, ...before } = router;
    const res = await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${router.id}`, {
      token: client,
      body: { nombre: 'Patio Norte', password_encrypted: 'new-router-pass' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Router actualizado correctamente',
      router: { ...before, nombre: 'Patio Norte', usuario: 'admin' },
    });
    const row = await t.db.selectFrom('routers').selectAll().where('id', '=', router.id).executeTakeFirstOrThrow();
    expect(t.secrets.open(row.password_sealed)).toBe('new-router-pass');
    expect(row.usuario).toBe('admin');

    // A new port needs the password with it (issue #11: the stored one never goes to a new destination).
    const tls = await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${router.id}`, {
      token: client,
      body: { puerto: 8729, password: 'new-router-pass' },
    });
    expect(tls.body.router).toMatchObject({ puerto: 8729, tls: true, nombre: 'Patio Norte', ubicacion: 'Atrás' });
    const plain = await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${router.id}`, {
      token: client,
      body: { puerto: 18728, tls: false, password: 'new-router-pass' },
    });
    expect(plain.body.router).toMatchObject({ puerto: 18728, tls: false });
  });

  it('PUT refuses bad values with 422 and unknown routers with 404', async () => {
    const router = await createRouter(t, root, company.id);
    expect((await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${router.id}`, { token: client, body: { puerto: 0 } })).status).toBe(
      422,
    );
    expect((await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${router.id}`, { token: client, body: { host: 'a b' } })).status).toBe(
      422,
    );
    const missing = await t.request('PUT', '/api/v1/admin/mi-empresa/routers/RTR_00000000', { token: client, body: { nombre: 'x' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Router no encontrado o no pertenece a tu empresa' });
  });

  it('a super admin may update any empresa’s router', async () => {
    const router = await createRouter(t, root, company.id);
    const res = await t.request('PUT', `/api/v1/admin/mi-empresa/routers/${router.id}`, { token: root, body: { ubicacion: 'Sótano' } });
    expect(res.status).toBe(200);
    expect(res.body.router.ubicacion).toBe('Sótano');
  });
});

describe('products', () => {
  let routerId: string;
  beforeAll(async () => {
    routerId = (await createRouter(t, root, company.id, { nombre: 'Ventas' })).id;
  });

  // One plan per RouterOS profile and router (the old unique key): each plan gets a profile of its own.
  let profileNumber = 1;
  const plan = (overrides: Record<string, unknown> = {}) => ({
    router_id: routerId,
    perfil_mikrotik_nombre: '1h',
    perfil_mikrotik_id: `*${++profileNumber}`,
    nombre_venta: 'Una hora',
    descripcion: 'Navega una hora',
    imagen_url: 'https://cdn.example.com/1h.png',
    precio: 19.99,
    moneda: 'MXN',
    detalles: ['1 hora', '1 dispositivo'],
    orden_visual: 2,
    destacado: true,
    ...overrides,
  });

  it('POST creates a plan (201) with the price kept as integer cents', async () => {
    const res = await t.request('POST', '/api/v1/admin/products', { token: client, body: plan() });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      empresa_id: company.id,
      router_id: routerId,
      perfil_mikrotik_id: '*2',
      perfil_mikrotik_nombre: '1h',
      nombre_venta: 'Una hora',
      descripcion: 'Navega una hora',
      imagen_url: 'https://cdn.example.com/1h.png',
      precio: 19.99,
      precio_centavos: 1999,
      moneda: 'MXN',
      detalles: ['1 hora', '1 dispositivo'],
      activo: true,
      orden_visual: 2,
      destacado: true,
      creado_en: expect.any(String),
      // A plan without limits (issue 13) sells as before.
      limite_tiempo: null,
      limite_datos_mb: null,
      vigencia: null,
      vigencia_desde: null,
    });
    const row = await t.db.selectFrom('productos').select('price_cents').where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.price_cents).toBe(1999);
  });

  it('POST refuses fractions of a cent, non-positive prices, unknown currencies and missing fields (422)', async () => {
    for (const body of [
      plan({ precio: 19.999 }),
      plan({ precio: 0 }),
      plan({ precio: -5 }),
      plan({ moneda: 'BTC' }),
      plan({ nombre_venta: undefined }),
    ]) {
      const res = await t.request('POST', '/api/v1/admin/products', { token: client, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
  });

  it('POST answers 404 for a router of another empresa', async () => {
    const other = await createCompany(t, root);
    const foreign = await createRouter(t, root, other.id);
    const res = await t.request('POST', '/api/v1/admin/products', { token: client, body: plan({ router_id: foreign.id }) });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Router no encontrado o no pertenece a esta empresa' });
  });

  it('GET lists by orden_visual, newest first within one, filtered by router_id', async () => {
    const second = (await createRouter(t, root, company.id)).id;
    await t.request('POST', '/api/v1/admin/products', {
      token: client,
      body: plan({ nombre_venta: 'Día', orden_visual: 1, destacado: false }),
    });
    await t.request('POST', '/api/v1/admin/products', {
      token: client,
      body: plan({ nombre_venta: 'Día destacado', orden_visual: 1, destacado: true }),
    });
    await t.request('POST', '/api/v1/admin/products', { token: client, body: plan({ router_id: second, nombre_venta: 'Otro router' }) });
    const res = await t.request('GET', `/api/v1/admin/products?router_id=${routerId}`, { token: client });
    expect(res.status).toBe(200);
    expect(res.body.map((p: any) => p.nombre_venta)).toEqual(['Día destacado', 'Día', 'Una hora']);
    const all = await t.request('GET', '/api/v1/admin/products', { token: client });
    expect(all.body.map((p: any) => p.nombre_venta)).toContain('Otro router');
  });

  it('GET one, PUT partial, DELETE deactivates', async () => {
    const created = (
      await t.request('POST', '/api/v1/admin/products', { token: client, body: plan({ nombre_venta: 'Semana', precio: 149 }) })
    ).body;
    expect((await t.request('GET', `/api/v1/admin/products/${created.id}`, { token: client })).body).toEqual(created);
    const updated = await t.request('PUT', `/api/v1/admin/products/${created.id}`, {
      token: client,
      body: { precio: 129.5, detalles: [] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...created, precio: 129.5, precio_centavos: 12950, detalles: [] });
    const deleted = await t.request('DELETE', `/api/v1/admin/products/${created.id}`, { token: client });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ message: 'Producto desactivado', producto_id: created.id, activo: false, id: created.id });
    expect((await t.request('GET', `/api/v1/admin/products/${created.id}`, { token: client })).body.activo).toBe(false);
  });

  it('answers 404 for unknown ids and 422 for bad updates', async () => {
    expect((await t.request('GET', '/api/v1/admin/products/999999', { token: client })).status).toBe(404);
    expect((await t.request('PUT', '/api/v1/admin/products/999999', { token: client, body: { precio: 10 } })).status).toBe(404);
    expect((await t.request('DELETE', '/api/v1/admin/products/nope', { token: client })).status).toBe(404);
    const created = (await t.request('POST', '/api/v1/admin/products', { token: client, body: plan() })).body;
    expect((await t.request('PUT', `/api/v1/admin/products/${created.id}`, { token: client, body: { precio: 'free' } })).status).toBe(422);
  });
});
