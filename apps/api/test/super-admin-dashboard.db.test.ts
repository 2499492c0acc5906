import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTransaction, transition, type NewTransaction } from '../src/db/transactions.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { clientAdminToken, createCompany, createRouter, superAdminToken } from './helpers/seed.js';

const NOW = new Date('2026-05-10T15:00:00Z');
const YESTERDAY = new Date('2026-05-09T15:00:00Z');
let t: TestApp;
let root: string;
let a: { company: any; router: any; token: string; productId: number };
let b: { company: any; router: any; token: string; productId: number };
let counter = 0;

async function tenant(name: string, moneda: string) {
  const company = await createCompany(t, root, { nombre: name });
  const router = await createRouter(t, root, company.id);
  await createRouter(t, root, company.id, { nombre: 'apagado' }).then((r) =>
    t.request('PUT', `/admin/empresas/${company.id}/routers/${r.id}/toggle-activo`, { token: root }),
  );
  const token = await clientAdminToken(t, root, company.id, `${name}-dash@example.com`);
  const product = await t.request('POST', '/api/v1/admin/products', {
    token,
    body: { router_id: router.id, perfil_mikrotik_nombre: '1h', nombre_venta: 'Una hora', precio: 19.99, moneda },
  });
  return { company, router, token, productId: product.body.id as number };
}

/** Records an attempt and moves it to its final state, as the purchase code would. */
async function sale(of: typeof a, cents: number, moneda: 'MXN' | 'USD', state: 'paid' | 'declined', at: Date) {
  const row: NewTransaction = {
    id: `TRX_${String(++counter).padStart(8, '0')}`,
    empresa_id: of.company.id,
    router_id: of.router.id,
    producto_id: of.productId,
    product_name: 'Una hora',
    hotspot_profile: '1h',
    amount_cents: cents,
    moneda,
    gateway: 'conekta',
    user_kind: 'usuario_contrasena',
    hotspot_username: `user${counter}`,
    hotspot_password_sealed: t.secrets.seal('hotspot-password'),
    cliente_nombre: 'Cliente',
    cliente_email: 'cliente@example.com',
  };
  await insertTransaction(t.db, row, at);
  await transition(
    t.db,
    row.id,
    ['pending'],
    state,
    state === 'paid' ? { paid_at: at, charge_id: `ord_${counter}` } : { reason: 'card declined' },
    at,
  );
  return row.id;
}

beforeAll(async () => {
  t = await startTestApp({ now: () => NOW });
  root = await superAdminToken(t);
  a = await tenant('alfa', 'MXN');
  b = await tenant('beta', 'USD');
  await sale(a, 1000, 'MXN', 'paid', YESTERDAY);
  await sale(a, 500, 'MXN', 'declined', new Date(NOW.getTime() - 60_000));
  await sale(a, 1999, 'MXN', 'paid', NOW);
  await sale(b, 10_000, 'USD', 'paid', NOW);
});
afterAll(() => t.close());

describe('super admin figures', () => {
  it('one empresa: routers, active plans and its sales only (404 for an unknown one)', async () => {
    const res = await t.request('GET', `/admin/empresas/${a.company.id}/stats`, { token: root });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      empresa: { id: a.company.id, nombre: 'alfa', activa: true, creada_en: a.company.creada_en, contacto_email: null },
      estadisticas: {
        total_routers: 2,
        routers_activos: 1,
        routers_inactivos: 1,
        total_usuarios_admin: 1,
        api_keys_activas: 2,
        productos_activos: 1,
        total_transacciones: 3,
        transacciones_pagadas: 2,
        transacciones_rechazadas: 1,
        transacciones_pendientes: 0,
        transacciones_fallidas: 0,
        transacciones_reembolsadas: 0,
        ingresos_totales: { MXN: 29.99 },
        ventas_hoy: 1,
        ingresos_hoy: { MXN: 19.99 },
      },
    });
    expect((await t.request('GET', `/admin/empresas/${b.company.id}/stats`, { token: root })).body.estadisticas).toMatchObject({
      total_transacciones: 1,
      ingresos_totales: { USD: 100 },
    });
    expect((await t.request('GET', '/admin/empresas/EMP_0000000000/stats', { token: root })).status).toBe(404);
  });

  it('every empresa: totals, revenue per currency', async () => {
    const res = await t.request('GET', '/admin/dashboard', { token: root });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      estadisticas: expect.objectContaining({
        total_empresas: 2,
        empresas_activas: 2,
        // The two client admins and the super admin.
        total_usuarios: 3,
        total_routers: 4,
        routers_activos: 2,
        productos_activos: 2,
        total_transacciones: 4,
        ingresos_totales: { MXN: 29.99, USD: 100 },
        ventas_hoy: 2,
      }),
      timestamp: NOW.toISOString(),
    });
  });

  it('is for super admins: a client admin gets 403', async () => {
    expect((await t.request('GET', '/admin/dashboard', { token: a.token })).status).toBe(403);
    expect((await t.request('GET', `/admin/empresas/${a.company.id}/stats`, { token: a.token })).status).toBe(403);
  });
});

describe('router deletion with plans and sales', () => {
  it('is refused with 400 while it has active plans, then 409 (the sales keep their router); deactivation is the way', async () => {
    const url = `/admin/empresas/${a.company.id}/routers/${a.router.id}`;
    const withPlan = await t.request('DELETE', url, { token: root });
    expect(withPlan.status).toBe(400);
    expect(withPlan.body).toEqual({ detail: 'No se puede eliminar el router porque tiene 1 producto(s) asociado(s)' });
    expect((await t.request('DELETE', `/api/v1/admin/products/${a.productId}`, { token: a.token })).status).toBe(200);
    const res = await t.request('DELETE', url, { token: root });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/desactívelo/);
    expect((await t.request('GET', `/admin/empresas/${a.company.id}/routers/${a.router.id}`, { token: root })).status).toBe(200);
  });
});
