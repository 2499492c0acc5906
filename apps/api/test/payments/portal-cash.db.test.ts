/**
 * Issue 15, item 1, over HTTP: `pagar-efectivo` answers 201 with the reference and nothing on the
 * router; Conekta's `order.paid` event and Mercado Pago's signed notification settle it (always read
 * back from the gateway); estado-pago then shows the credentials; forged and replayed notifications
 * change nothing.
 */
import { deliverNotification } from '@hotspot/fake-gateways';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTransaction } from '../../src/db/transactions.js';
import { startPortalEnv, type PortalEnv } from './portal-env.js';

let env: PortalEnv;
beforeAll(async () => {
  env = await startPortalEnv();
});
afterAll(() => env.close());

const pagar = (body: Record<string, unknown>) =>
  env.app.request('POST', '/api/v1/payments/pagar-efectivo', {
    apiKey: env.shop.apiKey,
    body: { producto_id: env.shop.plan.id, nombre_cliente: 'Ana López', ...body },
  });
const estado = (id: string) => env.app.request('GET', `/api/v1/payments/estado-pago/${id}`, { apiKey: env.shop.apiKey });
const conektaHook = `/api/v1/webhook/conekta`;
async function cashAttempts(): Promise<number> {
  const rows = await env.app.db.selectFrom('transacciones').select('id').where('channel', '=', 'cash').execute();
  return rows.length;
}

describe('POST /api/v1/payments/pagar-efectivo', () => {
  it('through Conekta: 201 with reference, barcode, amount and expiry; paid by order.paid, credentials on estado-pago', async () => {
    const res = await pagar({ pasarela: 'conekta', email_cliente: '' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      success: true,
      estado_pago: 'esperando_pago',
      monto: env.shop.plan.price_cents / 100,
      moneda: 'MXN',
    });
    expect(res.body.referencia).toMatch(/^\d{20}$/);
    expect(res.body.url_comprobante).toMatch(/\/barcodes\/\d+\.png$/);
    expect(Date.parse(res.body.expira_en)).toBeGreaterThan(Date.now());
    const id: string = res.body.id_transaccion;
    expect(env.usersOf(id)).toEqual([]);
    expect((await estado(id)).body).toMatchObject({
      estado: 'awaiting_payment',
      usuario_hotspot: null,
      canal: 'cash',
      efectivo: { referencia: res.body.referencia },
    });

    const tx = (await findTransaction(env.app.db, id))!;
    // An event that lies (order.paid for an order still unpaid) changes nothing: the order is read back.
    const lie = env.fakes.conekta.notification(tx.charge_id!, { url: `${env.app.url}${conektaHook}`, type: 'order.paid' });
    expect(JSON.parse((await deliverNotification(lie)).body)).toEqual({ status: 'procesado' });
    expect((await estado(id)).body).toMatchObject({ estado: 'awaiting_payment' });
    expect(env.usersOf(id)).toEqual([]);

    env.fakes.conekta.payCash(tx.charge_id!);
    const paid = env.fakes.conekta.notification(tx.charge_id!, { url: `${env.app.url}${conektaHook}` });
    expect((await deliverNotification(paid)).status).toBe(200);
    // Replayed, it changes nothing more.
    expect((await deliverNotification(paid)).status).toBe(200);
    const after = await estado(id);
    expect(after.body).toMatchObject({ estado: 'paid', usuario_hotspot: { usuario: tx.hotspot_username } });
    expect(env.usersOf(id)).toMatchObject([{ name: tx.hotspot_username, password: after.body.usuario_hotspot.contrasena, profile: '1h' }]);
  });

  it('through Mercado Pago: 201 with the ticket URL; a forged notification is refused, the signed one pays it', async () => {
    const res = await pagar({ pasarela: 'mercado_pago', email_cliente: 'ana@example.com' });
    expect(res.status).toBe(201);
    expect(res.body.url_comprobante).toMatch(/\/payments\/\d+\/ticket/);
    const id: string = res.body.id_transaccion;
    const tx = (await findTransaction(env.app.db, id))!;
    env.fakes.mercadoPago.payCash(tx.charge_id!);
    expect((await env.notifyMercadoPago(tx.charge_id!, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await estado(id)).body).toMatchObject({ estado: 'awaiting_payment', usuario_hotspot: null });
    expect(env.usersOf(id)).toEqual([]);
    expect((await env.notifyMercadoPago(tx.charge_id!)).body).toMatchObject({ resultado: 'procesado', estado: 'pagado' });
    expect((await estado(id)).body).toMatchObject({ estado: 'paid', usuario_hotspot: { usuario: tx.hotspot_username } });
    expect(env.usersOf(id)).toHaveLength(1);
  });

  it('expired: order.expired settles it vencido, nothing on the router', async () => {
    const res = await pagar({ pasarela: 'conekta' });
    const tx = (await findTransaction(env.app.db, res.body.id_transaccion))!;
    env.fakes.conekta.expireCash(tx.charge_id!);
    await deliverNotification(env.fakes.conekta.notification(tx.charge_id!, { url: `${env.app.url}${conektaHook}` }));
    expect((await estado(tx.id)).body).toMatchObject({ estado: 'expired', usuario_hotspot: null });
    expect(env.usersOf(tx.id)).toEqual([]);
    // A forged "paid" event (signed with another key) changes nothing either: the order is read back.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const forged = env.fakes.conekta.notification(tx.charge_id!, {
      url: `${env.app.url}${conektaHook}`,
      type: 'order.paid',
      signingKey: privateKey,
    });
    await deliverNotification(forged);
    expect((await estado(tx.id)).body).toMatchObject({ estado: 'expired' });
    expect(env.usersOf(tx.id)).toEqual([]);
  });

  it('a double click with one Idempotency-Key makes one reference; a retry gets it again; another body is refused', async () => {
    const key = { 'idempotency-key': 'cash-double-click' };
    const send = (body: Record<string, unknown>) =>
      env.app.request('POST', '/api/v1/payments/pagar-efectivo', {
        apiKey: env.shop.apiKey,
        headers: key,
        body: { producto_id: env.shop.plan.id, nombre_cliente: 'Ana López', pasarela: 'conekta', ...body },
      });
    const before = await cashAttempts();
    const clicks = await Promise.all([send({}), send({})]);
    const first = clicks.find((c) => c.status === 201)!;
    expect(clicks.map((c) => c.status).sort()).toEqual(clicks[0]!.status === clicks[1]!.status ? [201, 201] : [201, 409]);
    const id: string = first.body.id_transaccion;
    for (const click of clicks.filter((c) => c.status === 201)) expect(click.body).toEqual(first.body);
    const retry = await send({});
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await cashAttempts()).toBe(before + 1);
    expect(env.chargesOf(id)).toHaveLength(1);
    expect((await send({ pasarela: 'mercado_pago' })).status).toBe(422);
    // Once paid, the key answers the paid attempt (estado-pago has the credentials).
    const tx = (await findTransaction(env.app.db, id))!;
    env.fakes.conekta.payCash(tx.charge_id!);
    await deliverNotification(env.fakes.conekta.notification(tx.charge_id!, { url: `${env.app.url}${conektaHook}` }));
    expect((await send({})).body).toMatchObject({ id_transaccion: id, estado_pago: 'pagado', referencia: first.body.referencia });
  });

  it('bad input is a clear 4xx', async () => {
    expect((await pagar({ pasarela: 'paypal' })).status).toBe(422);
    expect((await pagar({ pasarela: 'conekta', mac_cliente: 'zz' })).status).toBe(422);
    expect((await pagar({ pasarela: 'conekta', email_cliente: 'no-es-correo' })).status).toBe(422);
    expect(
      (await env.app.request('POST', conektaHook, { body: { type: 'order.paid', data: { object: { id: 'ord_nope' } } } })).body,
    ).toEqual({
      status: 'ignorado',
    });
  });
});
