import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/net.js';
import { seedShop, type Shop } from './shop.js';
import { conektaBody, mercadoPagoBody, startPortalEnv, type PortalEnv } from './portal-env.js';

let env: PortalEnv;
let other: Shop;
let downShop: Shop;
beforeAll(async () => {
  env = await startPortalEnv();
  other = await seedShop(env.app.db, env.app.secrets, { port: env.mock.port });
  // A router record whose port refuses connections.
  downShop = await seedShop(env.app.db, env.app.secrets, { port: await closedPort() });
});
afterAll(() => env.close());

const pay = (
  path: 'pagar-conekta' | 'pagar-mercado-pago',
  body: unknown,
  options: { apiKey?: string; headers?: Record<string, string> } = {},
) =>
  env.app.request('POST', `/api/v1/payments/${path}`, { apiKey: options.apiKey ?? env.shop.apiKey, body, headers: options.headers ?? {} });

describe('captive portal: configuration and catalogue', () => {
  it('GET /config/public shows public keys only, and needs the API key', async () => {
    const res = await env.app.request('GET', '/api/v1/config/public', { apiKey: env.shop.apiKey });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      empresa: {
        id: env.shop.company.id,
        nombre: 'WiFi Plaza',
        conekta_public_key: 'key_public_shop',
        mercadopago_public_key: 'TEST-public',
        // The old service's word for this service's `sandbox`.
        conekta_mode: 'test',
      },
      router: { id: env.shop.router.id, nombre: 'Lobby', ubicacion: 'Planta baja' },
    });
    expect((await env.app.request('GET', '/api/v1/config/public')).status).toBe(401);
    // The old service's way of sending the key.
    expect((await env.app.request('GET', '/api/v1/config/public', { token: env.shop.apiKey })).status).toBe(200);
  });

  it('the catalogue lists the router’s active plans; another router’s plan is 404', async () => {
    const list = await env.app.request('GET', '/api/v1/catalogo_perfiles_venta', { apiKey: env.shop.apiKey });
    expect(list.body.map((p: { id: number }) => p.id)).toEqual([env.shop.plan.id, env.shop.dayPlan.id]);
    expect(list.body[0]).toMatchObject({ nombre_venta: 'Plan 1 hora', precio: 19.99, moneda: 'MXN', perfil_mikrotik_nombre: '1h' });
    const one = await env.app.request('GET', `/api/v1/catalogo_perfiles_venta/${env.shop.dayPlan.id}`, { apiKey: env.shop.apiKey });
    expect(one.body.precio).toBe(99);
    expect((await env.app.request('GET', `/api/v1/catalogo_perfiles_venta/${other.plan.id}`, { apiKey: env.shop.apiKey })).status).toBe(
      404,
    );
  });
});

describe('captive portal: payments', () => {
  it('Conekta approved: credentials that work on the router, with the plan’s profile', async () => {
    const res = await pay('pagar-conekta', conektaBody(env.shop.plan.id, TEST_TOKENS.approve, { telefono_cliente: '5550000000' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      estado_pago: 'paid',
      estado: 'paid',
      tipo_usuario: 'usuario_contrasena',
      producto: { nombre: 'Plan 1 hora', precio: 19.99, moneda: 'MXN', perfil_mikrotik: '1h' },
      cliente: { nombre: 'Ana López', email: 'ana@example.com' },
      auto_conexion: { estado: 'no_conectado' },
    });
    const { usuario: user, contrasena } = res.body.usuario_hotspot;
    expect(env.usersOf(res.body.id_transaccion)).toMatchObject([{ name: user, password: contrasena, profile: '1h', disabled: 'false' }]);
    expect(env.chargesOf(res.body.id_transaccion)).toMatchObject([{ amountCents: 1999, currency: 'MXN' }]);
    const estado = await env.app.request('GET', `/api/v1/payments/estado-pago/${res.body.id_transaccion}`, { apiKey: env.shop.apiKey });
    expect(estado.body).toMatchObject({ status: 'paid', estado_pago: 'paid', usuario_hotspot: { usuario: user, contrasena } });
    // Another router's key does not see it: the old "not found" answer (200, status 404).
    const foreign = await env.app.request('GET', `/api/v1/payments/estado-pago/${res.body.id_transaccion}`, { apiKey: other.apiKey });
    expect([foreign.status, foreign.body.status, foreign.body.usuario_hotspot]).toEqual([200, 404, undefined]);
  });

  it('Mercado Pago approved with the plan’s amount; a tampered amount is refused before anything happens', async () => {
    const ok = await pay('pagar-mercado-pago', mercadoPagoBody(env.shop.dayPlan.id, TEST_TOKENS.approve, 99));
    expect(ok.status).toBe(200);
    expect(env.usersOf(ok.body.id_transaccion)).toMatchObject([{ profile: '1d' }]);
    expect(env.chargesOf(ok.body.id_transaccion)).toMatchObject([{ amountCents: 9900, gateway: 'mercadopago' }]);
    const chargesBefore = env.fakes.mercadoPago.charges.length;
    const usersBefore = env.mock.state.items('/ip/hotspot/user').length;
    // The old service's tolerance (more than 0.01 away is refused, with its 400 and message).
    for (const monto of [1, 98.99]) {
      const tampered = await pay('pagar-mercado-pago', mercadoPagoBody(env.shop.dayPlan.id, TEST_TOKENS.approve, monto));
      expect(tampered.status).toBe(400);
      expect(tampered.body.detail).toBe(`El monto ($${monto.toFixed(2)}) no coincide con el producto ($99.00)`);
    }
    expect(env.fakes.mercadoPago.charges.length).toBe(chargesBefore);
    expect(env.mock.state.items('/ip/hotspot/user').length).toBe(usersBefore);
    // Within it, the plan's price is what is charged, never the client's amount.
    const close = await pay('pagar-mercado-pago', mercadoPagoBody(env.shop.dayPlan.id, TEST_TOKENS.approve, 99.001));
    expect(close.status).toBe(200);
    expect(env.chargesOf(close.body.id_transaccion)).toMatchObject([{ amountCents: 9900 }]);
  });

  it('a client-sent amount on Conekta is ignored: the plan’s price is charged', async () => {
    const res = await pay('pagar-conekta', { ...conektaBody(env.shop.plan.id, TEST_TOKENS.approve), monto: 0.01, precio: 0.01 });
    expect(res.status).toBe(200);
    expect(env.chargesOf(res.body.id_transaccion)).toMatchObject([{ amountCents: 1999 }]);
  });

  it('declined: 402 with the gateway’s reason in the old words, the user removed', async () => {
    const res = await pay('pagar-conekta', conektaBody(env.shop.plan.id, TEST_TOKENS.decline));
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({ detail: 'Fondos insuficientes en la tarjeta.', estado_pago: 'declined', estado: 'declined' });
    expect(env.usersOf(res.body.id_transaccion)).toEqual([]);
  });

  it('router down: the old 500 saying so, and no charge', async () => {
    const res = await pay('pagar-conekta', conektaBody(downShop.plan.id, TEST_TOKENS.approve), { apiKey: downShop.apiKey });
    expect(res.status).toBe(500);
    expect(res.body.detail).toBe('No se pudo crear el usuario: Router no disponible');
    expect(env.chargesOf(res.body.id_transaccion)).toEqual([]);
    // The portal is not told where the router is; the log has the cause.
    const state = await env.app.request('GET', `/api/v1/payments/estado-pago/${res.body.id_transaccion}`, { apiKey: downShop.apiKey });
    for (const answer of [res.body, state.body]) {
      expect(JSON.stringify(answer)).not.toContain('127.0.0.1');
      expect(JSON.stringify(answer)).not.toContain(`:${downShop.router.puerto}`);
    }
    expect(state.body.motivo).toBe('Router no disponible');
  });

  it.each([
    [TEST_TOKENS.serverError, 500, 'Error interno al procesar el pago.'],
    [TEST_TOKENS.hang, 504, 'Tiempo de espera agotado. Intente nuevamente.'],
  ])('gateway outcome unknown (%s): the old %i, user disabled, then reconciliation pays it', async (token, status, detail) => {
    const res = await pay('pagar-conekta', conektaBody(env.shop.plan.id, token));
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ detail, success: false, estado_pago: 'pending', estado: 'unresolved' });
    expect(env.usersOf(res.body.id_transaccion)).toMatchObject([{ disabled: 'true' }]);
    await env.reconcile();
    const estado = await env.app.request('GET', `/api/v1/payments/estado-pago/${res.body.id_transaccion}`, { apiKey: env.shop.apiKey });
    expect(estado.body.estado_pago).toBe('paid');
    expect(env.usersOf(res.body.id_transaccion)).toMatchObject([{ disabled: 'false', name: estado.body.usuario_hotspot.usuario }]);
  });

  it('another empresa’s plan, an inactive plan and a bad body are refused without a charge', async () => {
    const before = env.fakes.conekta.charges.length;
    expect((await pay('pagar-conekta', conektaBody(other.plan.id, TEST_TOKENS.approve))).status).toBe(404);
    expect((await pay('pagar-conekta', conektaBody(999999, TEST_TOKENS.approve))).status).toBe(404);
    expect((await pay('pagar-conekta', { producto_id: env.shop.plan.id })).status).toBe(422);
    expect((await pay('pagar-conekta', conektaBody(env.shop.plan.id, TEST_TOKENS.approve, { email_cliente: 'not-an-email' }))).status).toBe(
      422,
    );
    expect((await pay('pagar-conekta', conektaBody(env.shop.plan.id, TEST_TOKENS.approve), { apiKey: 'hsk_wrong' })).status).toBe(401);
    expect(env.fakes.conekta.charges.length).toBe(before);
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body twice: the first answer again, one charge; another body: 422', async () => {
    const headers = { 'idempotency-key': 'portal-retry-1' };
    const body = conektaBody(env.shop.plan.id, TEST_TOKENS.approve);
    const first = await pay('pagar-conekta', body, { headers });
    const second = await pay('pagar-conekta', body, { headers });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(env.chargesOf(first.body.id_transaccion)).toHaveLength(1);
    const different = await pay('pagar-conekta', conektaBody(env.shop.dayPlan.id, TEST_TOKENS.approve), { headers });
    expect(different.status).toBe(422);
  });

  it('the same key concurrently: one purchase, one charge; the other waits its turn (409) or gets the answer', async () => {
    const headers = { 'idempotency-key': 'portal-double-click' };
    const body = conektaBody(env.shop.plan.id, TEST_TOKENS.approve);
    const chargesBefore = env.fakes.conekta.charges.length;
    const answers = await Promise.all([
      pay('pagar-conekta', body, { headers }),
      pay('pagar-conekta', body, { headers }),
      pay('pagar-conekta', body, { headers }),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(env.fakes.conekta.charges.length - chargesBefore).toBe(1);
    const ids = new Set(answers.filter((a) => a.status === 200).map((a) => a.body.id_transaccion));
    expect(ids.size).toBe(1);
  });

  it('a decline is replayed too (402), still one charge', async () => {
    const headers = { 'idempotency-key': 'portal-decline' };
    const body = conektaBody(env.shop.plan.id, TEST_TOKENS.decline);
    const a = await pay('pagar-conekta', body, { headers });
    const b = await pay('pagar-conekta', body, { headers });
    expect([a.status, b.status]).toEqual([402, 402]);
    expect(b.body).toEqual(a.body);
    expect(env.chargesOf(a.body.id_transaccion)).toHaveLength(1);
  });
});

describe('load', () => {
  it('50 concurrent purchases on one router: 50 distinct users, one router connection', async () => {
    // Make sure the pooled connection exists, then count new ones.
    await pay('pagar-conekta', conektaBody(env.shop.plan.id, TEST_TOKENS.approve));
    const acceptedBefore = env.mock.stats.connectionsAccepted;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        pay('pagar-conekta', conektaBody(env.shop.plan.id, TEST_TOKENS.approve, { nombre_cliente: `Cliente ${i}` })),
      ),
    );
    expect(answers.filter((a) => a.status !== 200).map((a) => a.body)).toEqual([]);
    const names = new Set(answers.map((a) => a.body.usuario_hotspot.usuario));
    expect(names.size).toBe(50);
    for (const answer of answers) expect(env.usersOf(answer.body.id_transaccion)).toHaveLength(1);
    expect(env.mock.stats.connectionsAccepted).toBe(acceptedBefore);
    expect(env.mock.stats.openConnections).toBe(1);
  });
});
