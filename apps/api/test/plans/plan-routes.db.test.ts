/**
 * Plans that end over HTTP: limits on plans (strict durations, 422 saying what is wrong), the
 * purchase carrying them to the router, estado-pago and the admin's list showing them, and the
 * client admin extending or ending a sold user.
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAdminToken, superAdminToken } from '../helpers/seed.js';
import { conektaBody, startPortalEnv, type PortalEnv } from '../payments/portal-env.js';

let env: PortalEnv;
let client: string;
beforeAll(async () => {
  env = await startPortalEnv();
  client = await clientAdminToken(env.app, await superAdminToken(env.app), env.shop.company.id, 'ops@plaza.example');
});
afterAll(() => env.close());

const plan = (extra: Record<string, unknown>) => ({
  router_id: env.shop.router.id,
  perfil_mikrotik_nombre: '1d',
  nombre_venta: '3 h en 7 días',
  precio: 49,
  ...extra,
});
const createPlan = (extra: Record<string, unknown>) =>
  env.app.request('POST', '/api/v1/admin/products', { token: client, body: plan(extra) });

describe('plan limits', () => {
  it('are stored normalised and shown', async () => {
    const res = await createPlan({ limite_tiempo: '03:00:00', limite_datos_mb: 500, vigencia: '1w', vigencia_desde: 'primer_login' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ limite_tiempo: '3h', limite_datos_mb: 500, vigencia: '1w', vigencia_desde: 'primer_login' });
    // Validity from the purchase unless told otherwise.
    expect((await createPlan({ vigencia: '1d12h' })).body).toMatchObject({ vigencia: '1d12h', vigencia_desde: 'compra' });
  });

  it.each([
    [{ limite_tiempo: '90x' }, /limite_tiempo: "90x" no es una duración de RouterOS/],
    [{ limite_tiempo: '1.5h' }, /limite_tiempo: "1.5h" no es una duración/],
    [{ vigencia: '0s' }, /vigencia: "0s" debe ser mayor que cero/],
    [{ vigencia: '00:00:00' }, /vigencia: "00:00:00" debe ser mayor que cero/],
    [{ vigencia: '400d' }, /vigencia: "400d" no puede pasar de 366 días/],
    [{ vigencia_desde: 'primer_login' }, /vigencia_desde necesita una vigencia/],
    [{ vigencia: '1d', vigencia_desde: 'mañana' }, /vigencia_desde/],
    [{ limite_datos_mb: 0 }, /limite_datos_mb/],
    [{ limite_datos_mb: 1.5 }, /limite_datos_mb/],
  ])('a bad limit %j is a 422 that says what is wrong', async (limits, detail) => {
    const res = await createPlan(limits);
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(detail);
  });

  it('PUT changes or clears them; clearing the validity clears its start', async () => {
    const created = await createPlan({ vigencia: '7d', vigencia_desde: 'primer_login', limite_tiempo: '3h' });
    const path = `/api/v1/admin/products/${created.body.id}`;
    expect((await env.app.request('PUT', path, { token: client, body: { limite_tiempo: '5h' } })).body).toMatchObject({
      limite_tiempo: '5h',
      // Stored as RouterOS prints it: weeks first.
      vigencia: '1w',
      vigencia_desde: 'primer_login',
    });
    expect((await env.app.request('PUT', path, { token: client, body: { vigencia: null } })).body).toMatchObject({
      limite_tiempo: '5h',
      vigencia: null,
      vigencia_desde: null,
    });
    const bad = await env.app.request('PUT', path, { token: client, body: { limite_tiempo: 'soon' } });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toMatch(/limite_tiempo/);
  });
});

describe('a sale of a plan that ends', () => {
  let transactionId: string;
  let username: string;

  it('carries the limits to the router and shows them in estado-pago and the admin list', async () => {
    const created = await createPlan({ limite_tiempo: '3h', limite_datos_mb: 500, vigencia: '7d', vigencia_desde: 'primer_login' });
    const paid = await env.app.request('POST', '/api/v1/payments/pagar-conekta', {
      apiKey: env.shop.apiKey,
      body: conektaBody(created.body.id, TEST_TOKENS.approve),
    });
    expect(paid.status).toBe(200);
    transactionId = paid.body.id_transaccion;
    username = paid.body.usuario_hotspot.usuario;
    expect(env.usersOf(transactionId)).toMatchObject([{ 'limit-uptime': '3h', 'limit-bytes-total': '524288000' }]);

    const estado = await env.app.request('GET', `/api/v1/payments/estado-pago/${transactionId}`, { apiKey: env.shop.apiKey });
    expect(estado.body).toMatchObject({
      limite_tiempo: '3h',
      limite_datos_mb: 500,
      vigencia: '1w',
      vigencia_desde: 'primer_login',
      primer_login_en: null,
      expira_en: null,
      estado_usuario: 'sin_usar',
      validez: 'válido por 1w desde el primer inicio de sesión',
    });
    const list = await env.app.request('GET', '/api/v1/admin/mi-empresa/transacciones', { token: client });
    expect(list.body.transacciones.find((t: { id: string }) => t.id === transactionId)).toMatchObject({
      limite_tiempo: '3h',
      estado_usuario: 'sin_usar',
    });
  });

  it('extender adds to the validity; a bad duration is 422, an unknown sale 404', async () => {
    const path = `/api/v1/admin/mi-empresa/transacciones/${transactionId}/extender`;
    const res = await env.app.request('POST', path, { token: client, body: { vigencia: '1d' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ vigencia: '1w1d', expira_en: null });
    const bad = await env.app.request('POST', path, { token: client, body: { vigencia: 'pronto' } });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toMatch(/vigencia: "pronto"/);
    const unknown = '/api/v1/admin/mi-empresa/transacciones/TRX_0000000000000000/extender';
    expect((await env.app.request('POST', unknown, { token: client, body: { vigencia: '1d' } })).status).toBe(404);
  });

  it('a router that does not answer changes nothing (503)', async () => {
    env.mock.faults.set({ stallCommands: ['/ip/hotspot/user/print'] });
    try {
      const res = await env.app.request('POST', `/api/v1/admin/mi-empresa/transacciones/${transactionId}/terminar`, { token: client });
      expect(res.status).toBe(503);
    } finally {
      env.mock.faults.clear();
    }
    expect(env.usersOf(transactionId)).toHaveLength(1);
  });

  it('terminar removes the user and logs its device out; estado-pago says so; a second one is 409', async () => {
    await env.app.request('GET', '/health');
    const password = env.usersOf(transactionId)[0]!.password!;
    const router = env.mock;
    const { connect } = await import('@hotspot/routeros');
    const device = await connect({ host: '127.0.0.1', port: router.port, username: 'admin' });
    try {
      await device.exec('/ip/hotspot/active/login', { user: username, password, 'mac-address': 'AA:BB:CC:00:00:42', ip: '10.5.50.42' });
    } finally {
      await device.close();
    }
    const path = `/api/v1/admin/mi-empresa/transacciones/${transactionId}/terminar`;
    const res = await env.app.request('POST', path, { token: client });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ estado_usuario: 'eliminado' });
    expect(env.usersOf(transactionId)).toEqual([]);
    expect(router.state.items('/ip/hotspot/active').filter((s) => s.user === username)).toEqual([]);
    const estado = await env.app.request('GET', `/api/v1/payments/estado-pago/${transactionId}`, { apiKey: env.shop.apiKey });
    expect(estado.body.validez).toMatch(/^terminado el \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    const again = await env.app.request('POST', path, { token: client });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('El usuario ya fue retirado del router');
  });
});
