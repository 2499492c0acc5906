import { randomUUID } from 'node:crypto';
import { TEST_TOKENS, signMercadoPagoWebhook } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTransaction } from '../../src/db/transactions.js';
import { clientAdminToken, superAdminToken } from '../helpers/seed.js';
import { seedShop, WEBHOOK_SECRET } from './shop.js';
import { conektaBody, mercadoPagoBody, startPortalEnv, type PortalEnv } from './portal-env.js';

let env: PortalEnv;
beforeAll(async () => {
  env = await startPortalEnv();
});
afterAll(() => env.close());

const pay = (path: 'pagar-conekta' | 'pagar-mercado-pago', body: unknown, apiKey = env.shop.apiKey) =>
  env.app.request('POST', `/api/v1/payments/${path}`, { apiKey, body });
const sessionsOf = (user: string) => env.mock.state.items('/ip/hotspot/active').filter((s) => s.user === user);
const seedHost = (mac: string, address: string) =>
  env.mock.state.add('/ip/hotspot/host', { 'mac-address': mac, address, 'to-address': address, server: 'hotspot1' });

describe('auto-connect after payment', () => {
  it('finds the IP in /ip/hotspot/host and logs the device in with its MAC', async () => {
    seedHost('AA:BB:CC:00:00:01', '10.5.50.11');
    const res = await pay(
      'pagar-conekta',
      conektaBody(env.shop.plan.id, TEST_TOKENS.approve, { mac_cliente: 'aa-bb-cc-00-00-01', conexion_automatica: true }),
    );
    expect(res.status).toBe(200);
    // The old object echoes the MAC and IP as the portal sent them; the address found on the router is in ip_dispositivo.
    expect(res.body.auto_conexion).toEqual({
      estado: 'conectado',
      mac: 'aa-bb-cc-00-00-01',
      ip: '',
      mensaje: '¡Conexión establecida con éxito! Disfrute de Internet sin límites',
      verificado: true,
      session_id: null,
      ip_dispositivo: '10.5.50.11',
    });
    expect(sessionsOf(res.body.usuario_hotspot.usuario)).toMatchObject([{ address: '10.5.50.11', 'mac-address': 'AA:BB:CC:00:00:01' }]);
  });

  it('uses the IP the portal sends', async () => {
    const res = await pay(
      'pagar-conekta',
      conektaBody(env.shop.plan.id, TEST_TOKENS.approve, {
        mac_cliente: 'AA:BB:CC:00:00:02',
        ip_cliente: '10.5.50.12',
        conexion_automatica: true,
      }),
    );
    expect(res.body.auto_conexion).toMatchObject({ estado: 'conectado', ip: '10.5.50.12', ip_dispositivo: '10.5.50.12', verificado: true });
  });

  it('a device the hotspot has not seen: paid anyway, not connected, and said why', async () => {
    const res = await pay(
      'pagar-conekta',
      conektaBody(env.shop.plan.id, TEST_TOKENS.approve, { mac_cliente: 'AA:BB:CC:00:00:99', conexion_automatica: true }),
    );
    expect(res.status).toBe(200);
    expect(res.body.auto_conexion).toEqual({
      estado: 'no_conectado',
      mac: 'AA:BB:CC:00:00:99',
      ip: '',
      mensaje: 'No se pudo conectar automáticamente. Use las credenciales para conectar a Internet',
      verificado: false,
      ip_dispositivo: null,
      motivo: 'El dispositivo no aparece en el hotspot',
    });
  });

  it('the router refusing the login: paid anyway, not connected', async () => {
    env.mock.faults.set({ trapReplyTo: { '/ip/hotspot/active/login': 'invalid username or password' } });
    try {
      const res = await pay(
        'pagar-conekta',
        conektaBody(env.shop.plan.id, TEST_TOKENS.approve, {
          mac_cliente: 'AA:BB:CC:00:00:03',
          ip_cliente: '10.5.50.13',
          conexion_automatica: true,
        }),
      );
      expect(res.status).toBe(200);
      expect(res.body.auto_conexion).toMatchObject({
        estado: 'no_conectado',
        verificado: false,
        mensaje: 'No se pudo conectar automáticamente. Use las credenciales para conectar a Internet',
        motivo: expect.stringMatching(/invalid username or password/),
      });
    } finally {
      env.mock.faults.clear();
    }
  });

  it('not asked for: no login', async () => {
    const res = await pay(
      'pagar-conekta',
      conektaBody(env.shop.plan.id, TEST_TOKENS.approve, { mac_cliente: 'AA:BB:CC:00:00:04', ip_cliente: '10.5.50.14' }),
    );
    expect(res.body.auto_conexion.estado).toBe('no_conectado');
    expect(sessionsOf(res.body.usuario_hotspot.usuario)).toEqual([]);
  });

  it.each([
    { mac_cliente: 'AA:BB:CC:00:00:0G' },
    { mac_cliente: 'AA:BB:CC:00:00:01;/system/reboot' },
    { mac_cliente: 'AA:BB:CC:00:00' },
    { mac_cliente: 'AA:BB:CC:00:00:05', ip_cliente: '10.5.50.300' },
    { mac_cliente: 'AA:BB:CC:00:00:05', ip_cliente: '10.5.50.1 ' },
  ])('strict validation before anything happens: %o → 422, no charge', async (extra) => {
    const before = env.fakes.conekta.charges.length;
    const res = await pay('pagar-conekta', conektaBody(env.shop.plan.id, TEST_TOKENS.approve, { ...extra, conexion_automatica: true }));
    expect(res.status).toBe(422);
    expect(env.fakes.conekta.charges.length).toBe(before);
  });
});

describe('auto-reconnect', () => {
  const reconnect = (body: Record<string, unknown>, apiKey = env.shop.apiKey) =>
    env.app.request('POST', '/api/v1/hotspot/auto-reconnect', { apiKey, body });

  // The whole contract (answers, PINs, limits) is test/legacy-contract/portal-hotspot.db.test.ts; here, a real sale's user.
  it('a bought user reconnects with its password; a wrong one and an unknown user get the same "expirado"', async () => {
    const bought = await pay('pagar-conekta', conektaBody(env.shop.plan.id, TEST_TOKENS.approve));
    const { usuario: user, contrasena } = bought.body.usuario_hotspot;
    seedHost('AA:BB:CC:00:01:01', '10.5.50.21');
    const ok = await reconnect({ username: user, password: contrasena, current_mac: 'AA:BB:CC:00:01:01' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      success: true,
      estado: 'activo',
      auto_conexion: 'conectado',
      datos_sesion: { user, address: '10.5.50.21' },
      nueva_mac: 'AA:BB:CC:00:01:01',
    });
    expect(sessionsOf(user)).toMatchObject([{ address: '10.5.50.21', 'mac-address': 'AA:BB:CC:00:01:01' }]);
    const wrong = await reconnect({ username: user, password: `${contrasena}x`, current_mac: 'AA:BB:CC:00:01:02' });
    const unknown = await reconnect({ username: 'nobody', password: contrasena, current_mac: 'AA:BB:CC:00:01:02' });
    expect({ ...wrong.body, timestamp: 0 }).toEqual({ ...unknown.body, timestamp: 0 });
    expect([wrong.status, wrong.body.estado, wrong.body.success]).toEqual([200, 'expirado', false]);
  });
});

describe('Mercado Pago webhook', () => {
  const notify: PortalEnv['notifyMercadoPago'] = (dataId, options) => env.notifyMercadoPago(dataId, options);

  /** An MP purchase whose answer was lost (500 after charging): unresolved, user disabled; the old 500. */
  async function unresolvedPurchase(token: string = TEST_TOKENS.serverError) {
    const res = await pay('pagar-mercado-pago', mercadoPagoBody(env.shop.plan.id, token, 19.99));
    expect([res.status, res.body.estado]).toEqual([500, 'unresolved']);
    const charge = env.fakes.mercadoPago.charges.find((c) => c.reference === res.body.id_transaccion)!;
    return { id: res.body.id_transaccion as string, paymentId: charge.id };
  }

  it('good signature, payment approved: the user is enabled and the attempt paid', async () => {
    const { id, paymentId } = await unresolvedPurchase();
    const res = await notify(paymentId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'received',
      resultado: 'procesado',
      estado: 'pagado',
      transaction: { id, transaccion_id: paymentId, external_reference: id },
    });
    expect(env.usersOf(id)).toMatchObject([{ disabled: 'false' }]);
  });

  it('bad or missing signature: 401 and nothing changes', async () => {
    const { id, paymentId } = await unresolvedPurchase();
    const bad = await notify(paymentId, { secret: 'not-the-secret' });
    const missing = await notify(paymentId, { signature: null });
    const garbled = await notify(paymentId, { signature: 'ts=1,v1=zz' });
    expect([bad.status, missing.status, garbled.status]).toEqual([401, 401, 401]);
    expect((await findTransaction(env.app.db, id))?.state).toBe('unresolved');
    expect(env.usersOf(id)).toMatchObject([{ disabled: 'true' }]);
  });

  it('a replayed notification is ignored', async () => {
    const { id, paymentId } = await unresolvedPurchase();
    const requestId = randomUUID();
    const signature = signMercadoPagoWebhook({ secret: WEBHOOK_SECRET, dataId: paymentId, requestId });
    const first = await notify(paymentId, { requestId, signature });
    expect(first.body.estado).toBe('pagado');
    // The payment is refunded at the gateway; replaying the old notification must not act on it.
    env.fakes.mercadoPago.setStatus(paymentId, 'refunded');
    const replay = await notify(paymentId, { requestId, signature });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ status: 'received', resultado: 'duplicado' });
    expect(replay.body).not.toHaveProperty('estado');
    expect((await findTransaction(env.app.db, id))?.state).toBe('paid');
  });

  it('refunded or charged back after payment: the user is removed and the attempt reversed', async () => {
    for (const status of ['refunded', 'charged_back'] as const) {
      const res = await pay('pagar-mercado-pago', mercadoPagoBody(env.shop.plan.id, TEST_TOKENS.approve, 19.99));
      const paymentId = env.fakes.mercadoPago.charges.find((c) => c.reference === res.body.id_transaccion)!.id;
      env.fakes.mercadoPago.setStatus(paymentId, status);
      const notified = await notify(paymentId);
      expect(notified.body).toMatchObject({ resultado: 'procesado', estado: 'reembolsado' });
      expect(env.usersOf(res.body.id_transaccion)).toEqual([]);
    }
  });

  it('rejected after pending: the user is removed', async () => {
    // Pending was a success in the old contract (200, credentials and a warning); the user stays disabled meanwhile.
    const res = await pay('pagar-mercado-pago', mercadoPagoBody(env.shop.plan.id, TEST_TOKENS.pending, 19.99));
    expect([res.status, res.body.estado_pago, res.body.advertencia]).toEqual([200, 'pending', 'Pago pendiente de confirmación']);
    expect(env.usersOf(res.body.id_transaccion)).toMatchObject([{ disabled: 'true' }]);
    const paymentId = env.fakes.mercadoPago.charges.find((c) => c.reference === res.body.id_transaccion)!.id;
    env.fakes.mercadoPago.setStatus(paymentId, 'declined');
    expect((await notify(paymentId)).body).toMatchObject({ estado: 'rechazado' });
    expect(env.usersOf(res.body.id_transaccion)).toEqual([]);
  });
});

describe('client admin: transacciones and dashboard', () => {
  it('masks a PIN user (the PIN is the password) in the list', async () => {
    const root = await superAdminToken(env.app);
    const token = await clientAdminToken(env.app, root, env.shop.company.id, 'pins@example.com');
    const bought = await env.app.request('POST', '/api/v1/payments/pagar-conekta', {
      apiKey: env.shop.apiKey,
      body: conektaBody(env.shop.plan.id, TEST_TOKENS.approve, { tipo_usuario: 'pin' }),
    });
    const pin = bought.body.usuario_hotspot.contrasena as string;
    const list = await env.app.request('GET', '/api/v1/admin/mi-empresa/transacciones?limit=50', { token });
    const row = list.body.transacciones.find((tx: { id: string }) => tx.id === bought.body.id_transaccion);
    expect(row).toMatchObject({ tipo_usuario: 'pin', usuario_hotspot: '********' });
    expect(JSON.stringify(list.body)).not.toContain(pin);
  });

  it('lists the empresa’s attempts without passwords, and sums paid revenue in the dashboard', async () => {
    const root = await superAdminToken(env.app);
    const token = await clientAdminToken(env.app, root, env.shop.company.id, 'ventas@example.com');
    const list = await env.app.request('GET', '/api/v1/admin/mi-empresa/transacciones?limit=5&offset=0', { token });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ empresa_id: env.shop.company.id, limit: 5, offset: 0 });
    expect(list.body.total).toBeGreaterThan(5);
    expect(list.body.transacciones).toHaveLength(5);
    for (const tx of list.body.transacciones) expect(Object.keys(tx).filter((k) => /contrasena|password/.test(k))).toEqual([]);
    const sealed = await findTransaction(env.app.db, list.body.transacciones[0].id);
    expect(JSON.stringify(list.body)).not.toContain(env.app.secrets.open(sealed!.hotspot_password_sealed));
    const dashboard = await env.app.request('GET', '/api/v1/admin/mi-empresa/dashboard', { token });
    expect(dashboard.status).toBe(200);
    const paid = dashboard.body.transacciones_pagadas as number;
    expect(paid).toBeGreaterThan(0);
    expect(dashboard.body.ingresos_totales.MXN).toBeCloseTo(paid * 19.99, 2);
    expect(dashboard.body.ultimas_transacciones.length).toBeGreaterThan(0);
    // Another empresa's admin sees none of it.
    const other = await seedShop(env.app.db, env.app.secrets, { port: env.mock.port });
    const otherToken = await clientAdminToken(env.app, root, other.company.id, 'otra@example.com');
    const otherList = await env.app.request('GET', '/api/v1/admin/mi-empresa/transacciones', { token: otherToken });
    expect(otherList.body.total).toBe(0);
  });
});
