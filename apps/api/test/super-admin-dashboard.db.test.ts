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
    expect(res.body).toMatchObject({
      empresa_id: a.company.id,
      nombre: 'alfa',
      routers_total: 2,
      routers_activos: 1,
      productos_activos: 1,
      total_transacciones: 3,
      transacciones_pagadas: 2,
      transacciones_rechazadas: 1,
      ingresos_totales: { MXN: 29.99 },
      ventas_hoy: 1,
      ingresos_hoy: { MXN: 19.99 },
    });
    expect((await t.request('GET', `/admin/empresas/${b.company.id}/stats`, { token: root })).body).toMatchObject({
      total_transacciones: 1,
      ingresos_totales: { USD: 100 },
    });
    expect((await t.request('GET', '/admin/empresas/EMP_0000000000/stats', { token: root })).status).toBe(404);
  });

  it('every empresa: totals, revenue per currency', async () => {
    const res = await t.request('GET', '/admin/dashboard', { token: root });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      empresas_total: 2,
      empresas_activas: 2,
      routers_total: 4,
      routers_activos: 2,
      productos_activos: 2,
      total_transacciones: 4,
      ingresos_totales: { MXN: 29.99, USD: 100 },
      ventas_hoy: 2,
    });
  });

  it('is for super admins: a client admin gets 403', async () => {
    expect((await t.request('GET', '/admin/dashboard', { token: a.token })).status).toBe(403);
    expect((await t.request('GET', `/admin/empresas/${a.company.id}/stats`, { token: a.token })).status).toBe(403);
  });
});

describe('router deletion with sales', () => {
  it('is refused with 409 (the sales keep their router); deactivation is the way', async () => {
    const res = await t.request('DELETE', `/admin/empresas/${a.company.id}/routers/${a.router.id}`, { token: root });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/desactívelo/);
    expect((await t.request('GET', `/admin/empresas/${a.company.id}/routers/${a.router.id}`, { token: root })).status).toBe(200);
  });
});
