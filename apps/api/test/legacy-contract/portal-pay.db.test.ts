/**
 * The old service's captive-portal contract for configuration, catalogue and card payments
 * (LEGACY-API.md §4.5.1–4.5.5), replayed request by request and checked field by field, status by
 * status, on the real app with the mock router and the fake gateways. Where this service fixed a
 * money or security hole (§8) the shape is the old one and the test says what changed.
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertProduct, type ProductRow } from '../../src/db/products.js';
import { findTransaction } from '../../src/db/transactions.js';
import { closedPort } from '../helpers/net.js';
import { startPortalEnv, type PortalEnv } from '../payments/portal-env.js';
import { seedShop, type Shop } from '../payments/shop.js';

let env: PortalEnv;
/** A shop whose catalogue this file shapes (featured plan with detalles, an inactive plan). */
let cat: Shop;
let featured: ProductRow;
let inactive: ProductRow;
let other: Shop;
let down: Shop;

beforeAll(async () => {
  env = await startPortalEnv();
  [cat, other, down] = await Promise.all([
    seedShop(env.app.db, env.app.secrets, { port: env.mock.port }),
    seedShop(env.app.db, env.app.secrets, { port: env.mock.port }),
    seedShop(env.app.db, env.app.secrets, { port: await closedPort() }),
  ]);
  const base = { empresa_id: cat.company.id, router_id: cat.router.id, descripcion: null, imagen_url: null, moneda: 'MXN' as const };
  featured = await insertProduct(env.app.db, {
    ...base,
    perfil_mikrotik_id: '*3',
    perfil_mikrotik_nombre: '1d',
    nombre_venta: 'Acceso 24 horas',
    descripcion: 'Internet ilimitado por un día',
    price_cents: 5000,
    detalles: JSON.stringify(['Velocidad 10 Mbps', '1 dispositivo']),
    destacado: true,
  });
  inactive = await insertProduct(env.app.db, {
    ...base,
    perfil_mikrotik_id: null,
    perfil_mikrotik_nombre: '1h',
    nombre_venta: 'Retirado',
    price_cents: 1000,
    detalles: '[]',
    activo: false,
  });
});
afterAll(() => env.close());

/** The old way of sending the key: `Authorization: Bearer`. */
const get = (path: string, shop: Shop = env.shop) => env.app.request('GET', path, { token: shop.apiKey });
const post = (path: string, body: unknown, shop: Shop = env.shop, headers: Record<string, string> = {}) =>
  env.app.request('POST', `/api/v1/payments/${path}`, { token: shop.apiKey, body, headers });
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;
const NOT_REQUESTED = {
  estado: 'no_conectado',
  mac: '',
  ip: '',
  mensaje: 'Favor de ingresar sus credenciales para conectar a Internet',
  verificado: false,
};

/** The documented Conekta request, documented names. */
const conekta = (productId: number, token: string, extra: Record<string, unknown> = {}) => ({
  producto_id: productId,
  token_tarjeta: token,
  nombre_cliente: 'Ana López',
  email_cliente: 'ana@example.com',
  telefono_cliente: '5512345678',
  tipo_usuario: 'usuario_contrasena',
  ...extra,
});

/** The documented Mercado Pago request, documented names. */
const mercadoPago = (productId: number, token: string, monto: number, extra: Record<string, unknown> = {}) => ({
  producto_id: productId,
  payment_method_id: 'visa',
  token,
  issuer_id: '310',
  monto,
  cuotas: 1,
  nombre_cliente: 'Ana López',
  email_cliente: 'ana@example.com',
  ...extra,
});

describe('GET /api/v1/config/public (§4.5.1)', () => {
  it('200: the empresa with the old key spellings and mode word, and the router', async () => {
    const res = await get('/api/v1/config/public');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      empresa: {
        id: env.shop.company.id,
        nombre: 'WiFi Plaza',
        conekta_public_key: 'key_public_shop',
        mercadopago_public_key: 'TEST-public',
        conekta_mode: 'test',
      },
      router: { id: env.shop.router.id, nombre: 'Lobby', ubicacion: 'Planta baja' },
    });
  });

  it('401 without a key, with another scheme, or with a wrong key: the old words', async () => {
    const none = await env.app.request('GET', '/api/v1/config/public');
    expect([none.status, none.body]).toEqual([401, { detail: 'Not authenticated' }]);
    const basic = await env.app.request('GET', '/api/v1/config/public', { headers: { authorization: 'Basic YTpi' } });
    expect([basic.status, basic.body]).toEqual([401, { detail: 'Invalid authentication credentials' }]);
    const wrong = await get('/api/v1/config/public', { ...env.shop, apiKey: 'jwt_eyJhbGciOiJIUzI1NiJ9.e30.x' });
    expect([wrong.status, wrong.body]).toEqual([401, { detail: 'API Key no válida o revocada' }]);
  });
});

describe('catalogue (§4.5.2)', () => {
  /** ProductoVentaResponse, every old field. */
  const oldItem = (p: ProductRow, detalles: Array<{ texto: string }>) => ({
    id: p.id,
    perfil_mikrotik_id: p.perfil_mikrotik_id ?? '',
    perfil_mikrotik_nombre: p.perfil_mikrotik_nombre,
    nombre_venta: p.nombre_venta,
    descripcion: p.descripcion,
    imagen_url: p.imagen_url,
    precio: p.price_cents / 100,
    moneda: 'MXN',
    detalles,
    destacado: p.destacado,
    creado_en: expect.stringMatching(ISO),
  });

  it('GET /catalogo_perfiles_venta: the router’s active plans, featured first at equal orden_visual, detalles as {"texto"} objects', async () => {
    const res = await get('/api/v1/catalogo_perfiles_venta', cat);
    expect(res.status).toBe(200);
    expect(res.body.map((p: { id: number }) => p.id)).toEqual([featured.id, cat.plan.id, cat.dayPlan.id]);
    expect(res.body[0]).toMatchObject(oldItem(featured, [{ texto: 'Velocidad 10 Mbps' }, { texto: '1 dispositivo' }]));
    expect(res.body[1]).toMatchObject(oldItem(cat.plan, []));
    expect(res.body[0].precio).toBe(50);
    expect(typeof res.body[1].perfil_mikrotik_id).toBe('string');
  });

  it('GET /catalogo_perfiles_venta/{producto_id}: the same object; another router’s or an inactive plan 404; not an integer 422', async () => {
    const one = await get(`/api/v1/catalogo_perfiles_venta/${featured.id}`, cat);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject(oldItem(featured, [{ texto: 'Velocidad 10 Mbps' }, { texto: '1 dispositivo' }]));
    for (const id of [other.plan.id, inactive.id, 999999]) {
      const missing = await get(`/api/v1/catalogo_perfiles_venta/${id}`, cat);
      expect([missing.status, missing.body]).toEqual([404, { detail: 'Producto no encontrado o no disponible' }]);
    }
    const bad = await get('/api/v1/catalogo_perfiles_venta/abc', cat);
    expect(bad.status).toBe(422);
    expect(typeof bad.body.detail).toBe('string');
  });

  it('GET /catalogo_perfiles_venta/debug: every plan of the router, inactive included, with the old diagnostic fields', async () => {
    const res = await get('/api/v1/catalogo_perfiles_venta/debug', cat);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      empresa: 'WiFi Plaza',
      router: 'Lobby',
      router_id: cat.router.id,
      empresa_id: cat.company.id,
      total_productos: 4,
    });
    expect(res.body.productos).toHaveLength(4);
    expect(res.body.productos.find((p: { id: number }) => p.id === featured.id)).toEqual({
      id: featured.id,
      nombre_venta: 'Acceso 24 horas',
      perfil_mikrotik_id: '*3',
      detalles_raw: ['Velocidad 10 Mbps', '1 dispositivo'],
      detalles_tipo: "<class 'list'>",
      detalles_normalizado: [{ texto: 'Velocidad 10 Mbps' }, { texto: '1 dispositivo' }],
      creado_en: expect.stringMatching(ISO),
      creado_en_tipo: "<class 'datetime.datetime'>",
      activo: true,
      precio: 50,
      moneda: 'MXN',
    });
    expect(res.body.productos.find((p: { id: number }) => p.id === inactive.id)).toMatchObject({ activo: false, precio: 10 });
  });
});

describe('POST /api/v1/payments/pagar-conekta (§4.5.3)', () => {
  it('200 with the documented names: every old field, estado_pago "paid", no auto-connect asked', async () => {
    const res = await post('pagar-conekta', conekta(env.shop.plan.id, TEST_TOKENS.approve));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      id_transaccion: expect.any(String),
      estado_pago: 'paid',
      estado: 'paid',
      tipo_usuario: 'usuario_contrasena',
      usuario_hotspot: { usuario: expect.any(String), contrasena: expect.any(String) },
      producto: { nombre: 'Plan 1 hora', precio: 19.99, moneda: 'MXN', perfil_mikrotik: '1h' },
      cliente: { nombre: 'Ana López', email: 'ana@example.com' },
      timestamp: expect.stringMatching(ISO),
      auto_conexion: NOT_REQUESTED,
    });
    const { usuario, contrasena } = res.body.usuario_hotspot;
    expect(env.usersOf(res.body.id_transaccion)).toMatchObject([{ name: usuario, password: contrasena, profile: '1h', disabled: 'false' }]);
    expect(env.chargesOf(res.body.id_transaccion)).toMatchObject([{ amountCents: 1999, currency: 'MXN' }]);
  });

  it('the field names (product_id, card_token, customer_*, user_type, mac_address, ip_address, device_info, auto_connect) work the same', async () => {
    env.mock.state.add('/ip/hotspot/host', { 'mac-address': '5A:1F:9C:33:0E:7B', address: '10.5.50.23', server: 'hotspot1' });
    const res = await post('pagar-conekta', {
      product_id: env.shop.dayPlan.id,
      card_token: TEST_TOKENS.approve,
      customer_name: 'Ana López',
      customer_email: 'ana@example.com',
      customer_phone: '5512345678',
      user_type: 'pin',
      mac_address: '5a:1f:9c:33:0e:7b',
      ip_address: '10.5.50.23',
      device_info: 'Mozilla/5.0 (Linux; Android 14)',
      auto_connect: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tipo_usuario: 'pin', producto: { nombre: 'Plan 1 día', precio: 99, perfil_mikrotik: '1d' } });
    // A PIN user: this service's router user has the PIN as its password too, so the answer gives it (the old gave "").
    expect(res.body.usuario_hotspot.contrasena).toBe(res.body.usuario_hotspot.usuario);
    expect(res.body.auto_conexion).toEqual({
      estado: 'conectado',
      mac: '5a:1f:9c:33:0e:7b',
      ip: '10.5.50.23',
      mensaje: '¡Conexión establecida con éxito! Disfrute de Internet sin límites',
      verificado: true,
      session_id: null,
      ip_dispositivo: '10.5.50.23',
    });
  });

  it('both names sent: the documented one wins; tipo_usuario null is usuario_contrasena; auto-connect asked without a MAC says so', async () => {
    const res = await post(
      'pagar-conekta',
      conekta(env.shop.plan.id, TEST_TOKENS.approve, { product_id: env.shop.dayPlan.id, tipo_usuario: null, conexion_automatica: true }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tipo_usuario: 'usuario_contrasena', producto: { nombre: 'Plan 1 hora' } });
    expect(env.chargesOf(res.body.id_transaccion)).toMatchObject([{ amountCents: 1999 }]);
    expect(res.body.auto_conexion).toEqual({
      estado: 'no_conectado',
      mac: '',
      ip: '',
      mensaje: 'No se pudo conectar automáticamente. Use las credenciales para conectar a Internet',
      verificado: false,
    });
  });

  it('402 declined with the old message; the user removed', async () => {
    const res = await post('pagar-conekta', conekta(env.shop.plan.id, TEST_TOKENS.decline));
    expect(res.status).toBe(402);
    expect(res.body).toEqual({
      detail: 'Fondos insuficientes en la tarjeta.',
      success: false,
      id_transaccion: expect.any(String),
      estado_pago: 'declined',
      estado: 'declined',
    });
    expect(env.usersOf(res.body.id_transaccion)).toEqual([]);
  });

  it('402 for an order Conekta leaves pending, with its status message; the user is kept disabled until it is decided', async () => {
    const res = await post('pagar-conekta', conekta(env.shop.plan.id, TEST_TOKENS.pending));
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({ detail: 'Pendiente de procesamiento de pago.', estado_pago: 'pending', estado: 'unresolved' });
    expect(env.usersOf(res.body.id_transaccion)).toMatchObject([{ disabled: 'true' }]);
  });

  it('504 when Conekta does not answer, 500 when it fails: the old messages; nothing guessed', async () => {
    const hang = await post('pagar-conekta', conekta(env.shop.plan.id, TEST_TOKENS.hang));
    expect([hang.status, hang.body.detail, hang.body.estado]).toEqual([504, 'Tiempo de espera agotado. Intente nuevamente.', 'unresolved']);
    const failed = await post('pagar-conekta', conekta(env.shop.plan.id, TEST_TOKENS.serverError));
    expect([failed.status, failed.body.detail, failed.body.estado]).toEqual([500, 'Error interno al procesar el pago.', 'unresolved']);
  });

  it('400 for an empty card token, before anything is created or charged (the old left a user behind)', async () => {
    const users = env.mock.state.items('/ip/hotspot/user').length;
    const res = await post('pagar-conekta', conekta(env.shop.plan.id, ''));
    expect([res.status, res.body]).toEqual([400, { detail: 'Token de tarjeta inválido o ya utilizado.' }]);
    expect(env.mock.state.items('/ip/hotspot/user').length).toBe(users);
  });

  it('404 for another empresa’s or an unknown plan; 422 for a body without a required field', async () => {
    for (const id of [other.plan.id, 999999]) {
      const res = await post('pagar-conekta', conekta(id, TEST_TOKENS.approve));
      expect([res.status, res.body]).toEqual([404, { detail: 'Producto no encontrado' }]);
    }
    const { producto_id: _, ...missing } = conekta(env.shop.plan.id, TEST_TOKENS.approve);
    const res = await post('pagar-conekta', missing);
    expect([res.status, res.body]).toEqual([422, { detail: 'Falta el campo producto_id' }]);
    const badKind = await post('pagar-conekta', conekta(env.shop.plan.id, TEST_TOKENS.approve, { tipo_usuario: 'otro' }));
    expect(badKind.status).toBe(422);
  });

  it('500 "No se pudo crear el usuario: ..." when the router cannot be reached, and no charge', async () => {
    const res = await post('pagar-conekta', conekta(down.plan.id, TEST_TOKENS.approve), down);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ detail: 'No se pudo crear el usuario: Router no disponible', estado_pago: 'failed' });
    expect(env.chargesOf(res.body.id_transaccion)).toEqual([]);
  });
});

describe('POST /api/v1/payments/pagar-mercado-pago (§4.5.4)', () => {
  it('200 approved with the documented names: every old field, mercado_pago{...} with the payment, raw_response without the router', async () => {
    const res = await post('pagar-mercado-pago', mercadoPago(env.shop.dayPlan.id, TEST_TOKENS.approve, 99));
    expect(res.status).toBe(200);
    const [charge] = env.chargesOf(res.body.id_transaccion);
    const paymentId = Number(charge!.id);
    expect(res.body).toEqual({
      success: true,
      id_transaccion: expect.any(String),
      estado_pago: 'approved',
      estado: 'paid',
      tipo_usuario: 'usuario_contrasena',
      usuario_hotspot: { usuario: expect.any(String), contrasena: expect.any(String) },
      producto: { nombre: 'Plan 1 día', precio: 99, moneda: 'MXN', perfil_mikrotik: '1d' },
      cliente: { nombre: 'Ana López', email: 'ana@example.com' },
      mercado_pago: {
        payment_id: paymentId,
        status: 'approved',
        status_detail: 'accredited',
        installments: 1,
        payment_method: { id: 'visa', type: null, issuer: null, last_four_digits: null, installments: 1 },
        raw_response: {
          id: paymentId,
          status: 'approved',
          status_detail: 'accredited',
          external_reference: res.body.id_transaccion,
          transaction_amount: 99,
          currency_id: 'MXN',
          payment_method_id: 'visa',
          payment_type_id: null,
          installments: 1,
          date_approved: expect.stringMatching(ISO),
        },
      },
      timestamp: expect.stringMatching(ISO),
      auto_conexion: NOT_REQUESTED,
    });
    expect(charge).toMatchObject({ amountCents: 9900, gateway: 'mercadopago' });
  });

  it('the field names (product_id, transaction_amount, installments, customer_*) and an ignored payer work the same', async () => {
    const res = await post('pagar-mercado-pago', {
      product_id: env.shop.plan.id,
      payment_method_id: 'master',
      token: TEST_TOKENS.approve,
      transaction_amount: 19.99,
      installments: 1,
      customer_name: 'Luis Pérez',
      customer_email: 'luis@example.com',
      user_type: 'pin',
      device_id: 'armor.0123456789abcdef',
      payer: { email: 'otro@example.com', identification: { type: 'RFC', number: 'XAXX010101000' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      estado_pago: 'approved',
      tipo_usuario: 'pin',
      cliente: { nombre: 'Luis Pérez', email: 'luis@example.com' },
    });
    expect(res.body.mercado_pago.payment_method.id).toBe('master');
  });

  it('200 pending: success with the credentials, estado_pago "pending", mercado_pago with {id, type} only, an empty raw_response, advertencia', async () => {
    const res = await post('pagar-mercado-pago', mercadoPago(env.shop.plan.id, TEST_TOKENS.pending, 19.99));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      id_transaccion: expect.any(String),
      estado_pago: 'pending',
      estado: 'unresolved',
      tipo_usuario: 'usuario_contrasena',
      usuario_hotspot: { usuario: expect.any(String), contrasena: expect.any(String) },
      producto: { nombre: 'Plan 1 hora', precio: 19.99, moneda: 'MXN', perfil_mikrotik: '1h' },
      cliente: { nombre: 'Ana López', email: 'ana@example.com' },
      mercado_pago: {
        payment_id: Number(env.chargesOf(res.body.id_transaccion)[0]!.id),
        status: 'in_process',
        status_detail: 'pending_contingency',
        installments: 1,
        payment_method: { id: 'visa', type: null },
        raw_response: {},
      },
      timestamp: expect.stringMatching(ISO),
      auto_conexion: NOT_REQUESTED,
      advertencia: 'Pago pendiente de confirmación',
    });
    // The credentials work once the payment is confirmed: until then the user is disabled (the old one was enabled).
    const { usuario } = res.body.usuario_hotspot;
    expect(env.usersOf(res.body.id_transaccion)).toMatchObject([{ name: usuario, disabled: 'true' }]);
    env.fakes.mercadoPago.setStatus(env.chargesOf(res.body.id_transaccion)[0]!.id, 'approved');
    await env.reconcile();
    expect(env.usersOf(res.body.id_transaccion)).toMatchObject([{ name: usuario, disabled: 'false' }]);
  });

  it('402 rejected with the old emoji message; the user removed', async () => {
    const res = await post('pagar-mercado-pago', mercadoPago(env.shop.plan.id, TEST_TOKENS.decline, 19.99));
    expect(res.status).toBe(402);
    expect(res.body).toEqual({
      detail: '❌ Fondos insuficientes en la tarjeta.',
      success: false,
      id_transaccion: expect.any(String),
      estado_pago: 'rejected',
      estado: 'declined',
    });
    expect(env.usersOf(res.body.id_transaccion)).toEqual([]);
  });

  it('400 for an amount more than 0.01 from the price, before anything happens; within it the plan’s price is charged', async () => {
    const charges = env.fakes.mercadoPago.charges.length;
    const res = await post('pagar-mercado-pago', mercadoPago(env.shop.dayPlan.id, TEST_TOKENS.approve, 49));
    expect([res.status, res.body]).toEqual([400, { detail: 'El monto ($49.00) no coincide con el producto ($99.00)' }]);
    expect(env.fakes.mercadoPago.charges.length).toBe(charges);
  });

  it('400 when the empresa has no Mercado Pago, before the plan is even looked up', async () => {
    const noMp = await seedShop(env.app.db, env.app.secrets, { port: env.mock.port });
    await env.app.db.updateTable('empresas').set({ mercadopago_access_token_sealed: null }).where('id', '=', noMp.company.id).execute();
    const res = await post('pagar-mercado-pago', mercadoPago(999999, TEST_TOKENS.approve, 19.99), noMp);
    expect([res.status, res.body]).toEqual([400, { detail: 'La empresa no tiene configurado Mercado Pago' }]);
  });

  it('404 for an unknown plan; 422 without payment_method_id', async () => {
    const res = await post('pagar-mercado-pago', mercadoPago(999999, TEST_TOKENS.approve, 19.99));
    expect([res.status, res.body]).toEqual([404, { detail: 'Producto no encontrado' }]);
    const { payment_method_id: _, ...missing } = mercadoPago(env.shop.plan.id, TEST_TOKENS.approve, 19.99);
    expect((await post('pagar-mercado-pago', missing)).status).toBe(422);
  });

  it('500 "Error interno al procesar el pago" when Mercado Pago fails; the attempt is kept for reconciliation', async () => {
    const res = await post('pagar-mercado-pago', mercadoPago(env.shop.plan.id, TEST_TOKENS.serverError, 19.99));
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ detail: 'Error interno al procesar el pago', estado_pago: 'pending', estado: 'unresolved' });
    expect((await findTransaction(env.app.db, res.body.id_transaccion))?.state).toBe('unresolved');
  });
});

describe('GET /api/v1/payments/estado-pago/{payment_id} (§4.5.5)', () => {
  it('by the Mercado Pago payment id (as the old route was asked) and by our id: the old fields, then this service’s', async () => {
    const bought = await post('pagar-mercado-pago', mercadoPago(env.shop.dayPlan.id, TEST_TOKENS.approve, 99));
    const paymentId = Number(env.chargesOf(bought.body.id_transaccion)[0]!.id);
    const byPayment = await get(`/api/v1/payments/estado-pago/${paymentId}`);
    expect(byPayment.status).toBe(200);
    expect(byPayment.body).toMatchObject({
      success: true,
      payment_id: paymentId,
      status: 'approved',
      status_detail: 'accredited',
      amount: 99,
      currency_id: 'MXN',
      date_approved: expect.stringMatching(ISO),
      date_last_updated: expect.stringMatching(ISO),
      id_transaccion: bought.body.id_transaccion,
      estado_pago: 'approved',
      estado: 'paid',
      usuario_hotspot: bought.body.usuario_hotspot,
    });
    const byOurs = await get(`/api/v1/payments/estado-pago/${bought.body.id_transaccion}`);
    expect(byOurs.body).toEqual({ ...byPayment.body, payment_id: bought.body.id_transaccion });
  });

  it('a Conekta purchase by its order id: Conekta’s words', async () => {
    const bought = await post('pagar-conekta', conekta(env.shop.plan.id, TEST_TOKENS.approve));
    const orderId = env.chargesOf(bought.body.id_transaccion)[0]!.id;
    const res = await get(`/api/v1/payments/estado-pago/${orderId}`);
    expect(res.body).toMatchObject({ success: true, payment_id: orderId, status: 'paid', amount: 19.99, currency_id: 'MXN' });
  });

  it('unknown, or another router’s: 200 with status 404, as the old route passed Mercado Pago’s 404 on', async () => {
    const bought = await post('pagar-mercado-pago', mercadoPago(env.shop.plan.id, TEST_TOKENS.approve, 19.99));
    const paymentId = Number(env.chargesOf(bought.body.id_transaccion)[0]!.id);
    const notFound = {
      success: true,
      payment_id: 1325476890,
      status: 404,
      status_detail: '',
      amount: 0,
      currency_id: 'MXN',
      date_approved: null,
      date_last_updated: null,
    };
    expect(await get('/api/v1/payments/estado-pago/1325476890')).toMatchObject({ status: 200, body: notFound });
    expect(await get(`/api/v1/payments/estado-pago/${paymentId}`, other)).toMatchObject({
      status: 200,
      body: { ...notFound, payment_id: paymentId },
    });
  });
});
