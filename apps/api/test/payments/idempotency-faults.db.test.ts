/**
 * Issue 11, item 1: an Idempotency-Key is released only when nothing that can charge left the
 * process. A statement that fails once while the purchase records `paid` (after the card was
 * charged) answers 500; the identical retry must never charge again: it answers 409 while the
 * attempt is unsettled and, once reconciliation has settled it, the paid answer with the credentials.
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTransaction } from '../../src/db/transactions.js';
import { closedPort } from '../helpers/net.js';
import { recordingAttempt, StatementFaults, transitionTo } from '../helpers/faults.js';
import { conektaBody, startPortalEnv, type PortalEnv } from './portal-env.js';
import { seedShop, type Shop } from './shop.js';

const faults = new StatementFaults();
let env: PortalEnv;
let downShop: Shop;
beforeAll(async () => {
  env = await startPortalEnv({ dbPlugins: [faults] });
  downShop = await seedShop(env.app.db, env.app.secrets, { port: await closedPort() });
});
afterAll(() => env.close());

const pay = (key: string, body: unknown, apiKey = env.shop.apiKey) =>
  env.app.request('POST', '/api/v1/payments/pagar-conekta', { apiKey, body, headers: { 'idempotency-key': key } });
const charged = () => env.fakes.conekta.charges.filter((c) => c.status === 'approved').length;

describe('Idempotency-Key after a failure', () => {
  it('a statement failing while recording "paid": the retry never charges again, and gets the credentials once settled', async () => {
    const body = conektaBody(env.shop.plan.id, TEST_TOKENS.approve, { nombre_cliente: 'Falla Al Registrar' });
    const before = charged();
    faults.failNth(transitionTo('paid'));
    const failed = await pay('fails-recording-paid', body);
    expect(failed.status).toBe(500);
    expect(faults.failed).toHaveLength(1);
    expect(charged() - before).toBe(1);

    const whileUnsettled = await pay('fails-recording-paid', body);
    expect(whileUnsettled.status).toBe(409);
    expect(charged() - before).toBe(1);

    const report = await env.reconcile();
    expect(report.paid).toHaveLength(1);
    const [id] = report.paid as [string];
    const settled = await pay('fails-recording-paid', body);
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ id_transaccion: id, estado_pago: 'paid', estado: 'paid' });
    const { usuario: user, contrasena } = settled.body.usuario_hotspot;
    expect(env.usersOf(id)).toMatchObject([{ name: user, password: contrasena, disabled: 'false', profile: '1h' }]);
    expect(await pay('fails-recording-paid', body)).toMatchObject({ status: 200, body: settled.body });
    expect(charged() - before).toBe(1);
    expect(env.chargesOf(id)).toHaveLength(1);
  });

  it('a statement failing before the attempt is recorded releases the key: the retry buys, once', async () => {
    const body = conektaBody(env.shop.plan.id, TEST_TOKENS.approve, { nombre_cliente: 'Falla Antes' });
    const before = env.fakes.conekta.charges.length;
    faults.failNth(recordingAttempt);
    expect((await pay('fails-before-recording', body)).status).toBe(500);
    expect(env.fakes.conekta.charges.length).toBe(before);
    const retry = await pay('fails-before-recording', body);
    expect(retry.status).toBe(200);
    expect(env.fakes.conekta.charges.length - before).toBe(1);
  });

  it('a router that cannot be reached releases the key (nothing charged); the retry is a new attempt', async () => {
    const body = conektaBody(downShop.plan.id, TEST_TOKENS.approve);
    const first = await pay('router-down', body, downShop.apiKey);
    const second = await pay('router-down', body, downShop.apiKey);
    expect([first.status, second.status]).toEqual([500, 500]);
    expect(second.body.id_transaccion).not.toBe(first.body.id_transaccion);
    expect((await findTransaction(env.app.db, first.body.id_transaccion))?.state).toBe('router_failed');
    expect(env.chargesOf(first.body.id_transaccion)).toEqual([]);
  });

  it('a decline recorded then approved by a notification: the retry answers the payment, not the old 402', async () => {
    const body = { ...conektaBody(env.shop.plan.id, TEST_TOKENS.decline), payment_method_id: 'visa', monto: 19.99 };
    const path = '/api/v1/payments/pagar-mercado-pago';
    const send = () => env.app.request('POST', path, { apiKey: env.shop.apiKey, body, headers: { 'idempotency-key': 'late-approval' } });
    const declined = await send();
    expect(declined.status).toBe(402);
    const payment = env.fakes.mercadoPago.charges.find((c) => c.reference === declined.body.id_transaccion)!;
    env.fakes.mercadoPago.setStatus(payment.id, 'approved');
    expect((await env.notifyMercadoPago(payment.id)).body).toMatchObject({ estado: 'pagado' });
    const retry = await send();
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id_transaccion: declined.body.id_transaccion, estado_pago: 'approved', estado: 'paid' });
    expect(env.usersOf(declined.body.id_transaccion)).toMatchObject([{ name: retry.body.usuario_hotspot.usuario, disabled: 'false' }]);
  });
});
