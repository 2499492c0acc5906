/** A client admin sees only their empresa: another empresa's records answer 404, on every client-admin route. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTransaction } from '../src/db/transactions.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { clientAdminToken, createCompany, createRouter, superAdminToken } from './helpers/seed.js';

interface Tenant {
  company: any;
  router: any;
  product: any;
  token: string;
}

let t: TestApp;
let a: Tenant;
let b: Tenant;

async function tenant(root: string, name: string): Promise<Tenant> {
  const company = await createCompany(t, root, { nombre: name, conekta_public_key: `pub_${name}`, mercadopago_public_key: `mp_${name}` });
  const router = await createRouter(t, root, company.id, { nombre: `router ${name}` });
  const token = await clientAdminToken(t, root, company.id, `${name}@example.com`);
  const product = (
    await t.request('POST', '/api/v1/admin/products', {
      token,
      body: { router_id: router.id, perfil_mikrotik_nombre: 'default', nombre_venta: `plan ${name}`, precio: 10 },
    })
  ).body;
  await insertTransaction(
    t.db,
    {
      id: `TRX_${name}`,
      empresa_id: company.id,
      router_id: router.id,
      producto_id: product.id,
      product_name: product.nombre_venta,
      hotspot_profile: 'default',
      amount_cents: 1000,
      moneda: 'MXN',
      gateway: 'conekta',
      user_kind: 'pin',
      hotspot_username: `user_${name}`,
      hotspot_password_sealed: t.secrets.seal('1234567890'),
      cliente_nombre: name,
      cliente_email: `${name}@example.com`,
    },
    new Date(),
  );
  return { company, router, product, token };
}

beforeAll(async () => {
  t = await startTestApp();
  const root = await superAdminToken(t);
  a = await tenant(root, 'alfa');
  b = await tenant(root, 'beta');
});
afterAll(() => t.close());

describe('tenant isolation', () => {
  it('mi-empresa and its gateway settings are the caller’s own', async () => {
    expect((await t.request('GET', '/api/v1/admin/mi-empresa', { token: a.token })).body.id).toBe(a.company.id);
    expect((await t.request('GET', '/api/v1/admin/mi-empresa/conekta', { token: a.token })).body.conekta_public_key).toBe('pub_alfa');
    expect((await t.request('GET', '/api/v1/admin/mi-empresa/mercado-pago', { token: a.token })).body.mercadopago_public_key).toBe(
      'mp_alfa',
    );
    await t.request('PUT', '/api/v1/admin/mi-empresa', { token: a.token, body: { nombre: 'alfa renamed' } });
    await t.request('PUT', '/api/v1/admin/mi-empresa/conekta-config', { token: a.token, body: { conekta_public_key: 'pub_alfa_2' } });
    await t.request('POST', '/api/v1/admin/mi-empresa/configurar-credenciales', {
      token: a.token,
      body: { mercadopago_public_key: 'mp_alfa_2' },
    });
    const other = await t.request('GET', '/api/v1/admin/mi-empresa', { token: b.token });
    expect(other.body).toMatchObject({
      id: b.company.id,
      nombre: 'beta',
      conekta_public_key: 'pub_beta',
      mercadopago_public_key: 'mp_beta',
    });
  });

  it('router list shows only the caller’s routers', async () => {
    const res = await t.request('GET', '/api/v1/admin/mi-empresa/routers', { token: a.token });
    expect(res.body.routers.map((r: any) => r.id)).toEqual([a.router.id]);
  });

  it('another empresa’s router answers as an unknown one on update, test-connection and profiles, and is left unchanged', async () => {
    const calls = [
      t.request('PUT', `/api/v1/admin/mi-empresa/routers/${b.router.id}`, {
        token: a.token,
        body: { nombre: 'hijacked', host: '10.6.6.6' },
      }),
      t.request('GET', `/api/v1/admin/routers/${b.router.id}/mikrotik-profiles`, { token: a.token }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Router no encontrado o no pertenece a tu empresa' });
    }
    // The old test-connection answered an unknown router with 200 and success false (LEGACY-API.md §4.4).
    const test = await t.request('GET', `/api/v1/admin/routers/${b.router.id}/test-connection`, { token: a.token });
    expect(test.status).toBe(200);
    expect(test.body).toEqual({
      success: false,
      message: 'Router no encontrado',
      error: 'Router no encontrado o no pertenece a tu empresa',
      timestamp: expect.any(String),
    });
    const mine = await t.request('GET', '/api/v1/admin/mi-empresa/routers', { token: b.token });
    expect(mine.body.routers[0]).toMatchObject({ nombre: 'router beta', host: '127.0.0.1' });
  });

  it('another empresa’s product answers 404 on read, update and delete, and is left unchanged', async () => {
    const path = `/api/v1/admin/products/${b.product.id}`;
    // Each with the old route's own message.
    for (const [res, detail] of [
      [await t.request('GET', path, { token: a.token }), 'Producto no encontrado'],
      [
        await t.request('PUT', path, { token: a.token, body: { precio: 1, nombre_venta: 'hijacked' } }),
        'Producto no encontrado o no pertenece a esta empresa',
      ],
      [await t.request('DELETE', path, { token: a.token }), 'Producto no encontrado'],
    ] as const) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail });
    }
    expect((await t.request('GET', path, { token: b.token })).body).toEqual(b.product);
  });

  it('products cannot be created on, moved to, or listed by another empresa’s router', async () => {
    const create = await t.request('POST', '/api/v1/admin/products', {
      token: a.token,
      body: { router_id: b.router.id, perfil_mikrotik_nombre: 'default', nombre_venta: 'sneaky', precio: 1 },
    });
    expect(create.status).toBe(404);
    const move = await t.request('PUT', `/api/v1/admin/products/${a.product.id}`, { token: a.token, body: { router_id: b.router.id } });
    expect(move.status).toBe(404);
    const listed = await t.request('GET', `/api/v1/admin/products?router_id=${b.router.id}`, { token: a.token });
    expect(listed).toMatchObject({ status: 404, body: { detail: 'Router no encontrado' } });
    const all = await t.request('GET', '/api/v1/admin/products', { token: a.token });
    expect(all.body.map((p: any) => p.id)).toEqual([a.product.id]);
  });

  it('transactions and the dashboard show only the caller’s sales', async () => {
    const list = await t.request('GET', '/api/v1/admin/mi-empresa/transacciones', { token: a.token });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.transacciones.map((x: any) => x.id)).toEqual(['TRX_alfa']);
    const dashboard = await t.request('GET', '/api/v1/admin/mi-empresa/dashboard', { token: a.token });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.empresa_id).toBe(a.company.id);
    expect(JSON.stringify(dashboard.body)).not.toContain('TRX_beta');
    expect(JSON.stringify(dashboard.body)).not.toContain(b.company.id);
  });
});
