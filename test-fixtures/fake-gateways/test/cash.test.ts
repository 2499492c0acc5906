import { createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverNotification, FakeControlError, NotificationDeliveryError, startFakeGateways, type FakeGateways } from '../src/index.js';
import { startReceiver } from './helpers/receiver.js';
import { scanItfPng } from './helpers/itf.js';
import { call, conektaHeaders, mpHeaders, postConektaOrder } from './helpers/api.js';

const DAY = 24 * 60 * 60 * 1000;
let clock = Date.parse('2026-03-01T12:00:00.000Z');
const advance = (ms: number) => {
  clock += ms;
};

let fakes: FakeGateways;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  [fakes, receiver] = await Promise.all([startFakeGateways({ now: () => new Date(clock) }), startReceiver()]);
});
afterAll(() => Promise.all([fakes.close(), receiver.close()]));

const conekta = conektaHeaders();
const cashOrder = (reference: string, paymentMethod: Record<string, unknown> = { type: 'cash' }) =>
  postConektaOrder(fakes.conekta.url, paymentMethod, 5000, { transaction_id: reference });
const getOrder = (id: string) => call(`${fakes.conekta.url}/orders/${id}`, { headers: conekta });

function cashPayment(reference: string, extra: Record<string, unknown> = {}, key = `k-${reference}`) {
  return call(`${fakes.mercadoPago.url}/v1/payments`, {
    method: 'POST',
    headers: { ...mpHeaders, 'x-idempotency-key': key },
    body: JSON.stringify({
      transaction_amount: 50,
      description: 'Plan 1 día',
      payment_method_id: 'oxxo',
      external_reference: reference,
      payer: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Pérez' },
      ...extra,
    }),
  });
}
const getPayment = (id: number | string) => call(`${fakes.mercadoPago.url}/v1/payments/${id}`, { headers: mpHeaders });

/** Checks a Conekta `digest` header against a PEM public key over the raw body. */
const conektaSignatureValid = (body: string, digest: string, publicPem: string) =>
  verify('sha256', Buffer.from(body), createPublicKey(publicPem), Buffer.from(digest, 'base64'));

describe('Conekta cash orders', () => {
  it('issues a partner-store reference with a scannable barcode, expiring in 30 days by default', async () => {
    const { status, body } = await cashOrder('TX-cc1');
    expect(status).toBe(200);
    expect(body.payment_status).toBe('pending_payment');
    const charge = body.charges.data[0];
    expect(charge).toMatchObject({ status: 'pending_payment', paid_at: null, amount: 5000 });
    const method = charge.payment_method;
    expect(method).toMatchObject({
      object: 'cash_payment',
      type: 'cash',
      service_name: 'Cash',
      store_name: 'OXXO',
      product_type: 'cash_in',
      auth_code: null,
      expires_at: Math.floor(clock / 1000) + 30 * 86400,
    });
    expect(method.reference).toMatch(/^\d{20}$/);
    expect(method.store_names).toContain('7 Eleven');
    expect(method.barcode_url).toBe(`${fakes.conekta.url}/barcodes/${method.reference}.png`);

    const png = await fetch(method.barcode_url);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(scanItfPng(Buffer.from(await png.arrayBuffer()))).toBe(method.reference);
    expect((await fetch(`${fakes.conekta.url}/barcodes/12345678.png`)).status).toBe(404);
    expect(fakes.conekta.charges.find((c) => c.id === body.id)).toMatchObject({ status: 'pending', token: undefined });
  });

  it("honours expires_at and API 2.0's oxxo_cash (OXXO Pay, 14 digits); the order is found by its reference", async () => {
    const expiresAt = Math.floor(clock / 1000) + 2 * 86400;
    const { body } = await cashOrder('TX-cc2', { type: 'oxxo_cash', expires_at: expiresAt });
    const method = body.charges.data[0].payment_method;
    expect(method).toMatchObject({ type: 'oxxo', service_name: 'OxxoPay', expires_at: expiresAt });
    expect(method.reference).toMatch(/^\d{14}$/);
    expect(method.store_names).toBeUndefined();
    const found = await call(`${fakes.conekta.url}/orders?search=${method.reference}`, { headers: conekta });
    expect(found.body.data.map((o: any) => o.id)).toEqual([body.id]);
  });

  it('refuses an expiry in the past and an unknown payment method type (400)', async () => {
    const past = await cashOrder('TX-cc3', { type: 'cash', expires_at: Math.floor(clock / 1000) - 1 });
    expect(past.status).toBe(400);
    expect(past.body.details[0].message).toMatch(/expires_at/);
    expect((await cashOrder('TX-cc3', { type: 'spei' })).status).toBe(400);
    expect(fakes.conekta.charges.filter((c) => c.reference === 'TX-cc3')).toHaveLength(0);
  });

  it('pays a reference at the store: the order reads paid and order.paid is delivered, signed with the webhook key', async () => {
    const { body } = await cashOrder('TX-cc4');
    advance(60_000);
    fakes.conekta.payCash(body.id);
    const paid = (await getOrder(body.id)).body;
    expect(paid.payment_status).toBe('paid');
    expect(paid.charges.data[0]).toMatchObject({ status: 'paid', paid_at: Math.floor(clock / 1000) });
    expect(paid.charges.data[0].payment_method.auth_code).toMatch(/^\d{6}$/);
    expect(() => fakes.conekta.payCash(body.id)).toThrow(FakeControlError);

    const key = await call(`${fakes.conekta.url}/webhook_keys`, { method: 'POST', headers: conekta, body: '{"active":true}' });
    expect(key.body).toMatchObject({ object: 'webhook_key', active: true, public_key: fakes.conekta.webhookPublicKey });

    const notification = fakes.conekta.notification(body.id, { url: receiver.url });
    const receipt = await deliverNotification(notification);
    expect(receipt.status).toBe(200);
    const got = receiver.received.at(-1)!;
    const event = JSON.parse(got.body);
    expect(event).toMatchObject({
      object: 'event',
      type: 'order.paid',
      livemode: false,
      data: { object: { id: body.id, payment_status: 'paid' }, previous_attributes: { payment_status: 'pending_payment' } },
    });
    expect(event.id).toMatch(/^[0-9a-f]{24}$/);
    expect(conektaSignatureValid(got.body, got.headers.digest as string, key.body.public_key)).toBe(true);

    // A replay is the same event, byte for byte; a forgery is signed with another key.
    await deliverNotification(notification);
    expect(receiver.received.at(-1)!.body).toBe(got.body);
    const impostor = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const forged = fakes.conekta.notification(body.id, { url: receiver.url, signingKey: impostor });
    expect(conektaSignatureValid(forged.body, forged.headers.digest as string, key.body.public_key)).toBe(false);
  });

  it('expires an unpaid reference when the clock passes expires_at: read back expired, cannot be paid, order.expired sent', async () => {
    const { body } = await cashOrder('TX-cc5', { type: 'cash', expires_at: Math.floor(clock / 1000) + 3600 });
    advance(3599_000);
    expect((await getOrder(body.id)).body.payment_status).toBe('pending_payment');
    advance(1000);
    const expired = (await getOrder(body.id)).body;
    expect(expired.payment_status).toBe('expired');
    expect(expired.charges.data[0].status).toBe('expired');
    expect(() => fakes.conekta.payCash(body.id)).toThrow(/expired, not pending/);
    const event = JSON.parse(fakes.conekta.notification(body.id, { url: receiver.url }).body);
    expect(event.type).toBe('order.expired');
  });

  it('pays and expires over HTTP for the demo (/__fake/cash/{id}/pay|expire)', async () => {
    const a = (await cashOrder('TX-cc6')).body;
    const b = (await cashOrder('TX-cc7')).body;
    const paid = await call(`${fakes.conekta.url}/__fake/cash/${a.id}/pay`, { method: 'POST' });
    expect(paid).toMatchObject({ status: 200, body: { payment_status: 'paid' } });
    const expired = await call(`${fakes.conekta.url}/__fake/cash/${b.id}/expire`, { method: 'POST' });
    expect(expired).toMatchObject({ status: 200, body: { payment_status: 'expired' } });
    expect(expired.body.charges.data[0].payment_method.expires_at).toBe(Math.floor(clock / 1000));
    expect((await call(`${fakes.conekta.url}/__fake/cash/${a.id}/expire`, { method: 'POST' })).status).toBe(409);
    expect((await call(`${fakes.conekta.url}/__fake/cash/ord_nothing/pay`, { method: 'POST' })).status).toBe(404);
  });
});

describe('HTTP cash controls with notify', () => {
  it('pays and delivers the notification in one call; a bad notify body changes nothing; an unreachable receiver is a 502', async () => {
    const order = (await cashOrder('TX-cn1')).body;
    const before = receiver.received.length;
    const paid = await call(`${fakes.conekta.url}/__fake/cash/${order.id}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notify: { url: receiver.url } }),
    });
    expect(paid).toMatchObject({ status: 200, body: { payment_status: 'paid', notification_status: 200 } });
    expect(receiver.received).toHaveLength(before + 1);
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ type: 'order.paid', data: { object: { id: order.id } } });

    const ticket = (await cashPayment('TX-cn2')).body;
    const control = (body: unknown) =>
      call(`${fakes.mercadoPago.url}/__fake/cash/${ticket.id}/expire`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const noSecret = await control({ notify: { url: receiver.url } });
    expect(noSecret.status).toBe(400);
    expect((await getPayment(ticket.id)).body.status).toBe('pending');
    const gone = await startReceiver();
    await gone.close();
    const unreachable = await control({ notify: { url: gone.url, secret: 's' } });
    expect(unreachable.status).toBe(502);
    expect((await getPayment(ticket.id)).body).toMatchObject({ status: 'cancelled', status_detail: 'expired' });
  });
});

describe('Mercado Pago ticket payments', () => {
  it('issues an OXXO ticket: pending_waiting_payment, ticket_url, 3 days to pay, and the ticket page', async () => {
    const { status, body } = await cashPayment('TX-mc1');
    expect(status).toBe(201);
    expect(body).toMatchObject({
      status: 'pending',
      status_detail: 'pending_waiting_payment',
      payment_method_id: 'oxxo',
      payment_type_id: 'ticket',
      transaction_amount: 50,
      date_approved: null,
    });
    expect(body.date_of_expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-06:00$/);
    expect(Date.parse(body.date_of_expiration)).toBe(clock + 3 * DAY);
    const details = body.transaction_details;
    expect(details.payment_method_reference_id).toMatch(/^\d{8}$/);
    expect(details.verification_code).toMatch(/^\d{24}$/);
    expect(details.external_resource_url).toBe(body.point_of_interaction.transaction_data.ticket_url);
    expect(details.external_resource_url).toContain(`/payments/${body.id}/ticket?payment_method_id=oxxo`);

    const page = await fetch(details.external_resource_url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain(details.payment_method_reference_id);
    expect(html).toContain('$50.00 MXN');
    const png = await fetch(new URL(/src="([^"]+\.png)"/.exec(html)![1]!, details.external_resource_url));
    expect(scanItfPng(Buffer.from(await png.arrayBuffer()))).toBe(details.verification_code);
  });

  it('honours date_of_expiration within 30 days, refuses one outside, and replays an idempotency key without a second ticket', async () => {
    const when = new Date(clock + 10 * DAY).toISOString();
    const a = await cashPayment('TX-mc2', { payment_method_id: 'paycash', date_of_expiration: when });
    expect(a.body.payment_type_id).toBe('ticket');
    expect(Date.parse(a.body.date_of_expiration)).toBe(Date.parse(when));
    const again = await cashPayment('TX-mc2', { payment_method_id: 'paycash', date_of_expiration: when });
    expect(again.body.id).toBe(a.body.id);
    expect(again.body.transaction_details.verification_code).toBe(a.body.transaction_details.verification_code);
    expect(fakes.mercadoPago.charges.filter((c) => c.reference === 'TX-mc2')).toHaveLength(1);

    const far = await cashPayment('TX-mc3', { date_of_expiration: new Date(clock + 31 * DAY).toISOString() });
    expect(far.status).toBe(400);
    expect(far.body.message).toMatch(/date_of_expiration/);
    expect((await cashPayment('TX-mc3', { date_of_expiration: 'mañana' }, 'k-mc3b')).status).toBe(400);
  });

  it('pays a ticket: approved/accredited on read-back and a notification whose x-signature checks out', async () => {
    const { body } = await cashPayment('TX-mc4');
    const id = String(body.id);
    const created = JSON.parse(fakes.mercadoPago.notification(id, { url: receiver.url, secret: 's3cret' }).body);
    expect(created.action).toBe('payment.created');
    advance(3600_000);
    fakes.mercadoPago.payCash(id);
    const paid = (await getPayment(id)).body;
    expect(paid).toMatchObject({ status: 'approved', status_detail: 'accredited' });
    expect(Date.parse(paid.date_approved)).toBe(clock);
    expect(paid.transaction_details.net_received_amount).toBe(50);

    const notification = fakes.mercadoPago.notification(id, { url: `${receiver.url}?empresa_id=e1`, secret: 's3cret' });
    expect((await deliverNotification(notification)).status).toBe(200);
    const got = receiver.received.at(-1)!;
    expect(Object.fromEntries(got.url.searchParams)).toEqual({ empresa_id: 'e1', 'data.id': id, type: 'payment' });
    expect(JSON.parse(got.body)).toMatchObject({ type: 'payment', action: 'payment.updated', api_version: 'v1', data: { id } });
    const requestId = got.headers['x-request-id'] as string;
    const [ts, v1] = (got.headers['x-signature'] as string).split(',').map((part) => part.split('=')[1]);
    expect(ts).toBe(String(clock));
    const manifest = `id:${got.url.searchParams.get('data.id')};request-id:${requestId};ts:${ts};`;
    expect(v1).toBe(createHmac('sha256', 's3cret').update(manifest).digest('hex'));

    const inSeconds = fakes.mercadoPago.notification(id, { url: receiver.url, secret: 's3cret', tsUnit: 's' });
    expect(inSeconds.headers['x-signature']).toMatch(new RegExp(`^ts=${Math.floor(clock / 1000)},v1=`));
    const forged = fakes.mercadoPago.notification(id, { url: receiver.url, secret: 'not-the-secret', requestId });
    expect(forged.headers['x-signature']).not.toBe(notification.headers['x-signature']);
  });

  it('lets an unpaid ticket expire on the clock: cancelled/expired, and it cannot be paid after', async () => {
    const { body } = await cashPayment('TX-mc5');
    advance(3 * DAY);
    expect((await getPayment(body.id)).body).toMatchObject({ status: 'cancelled', status_detail: 'expired', date_approved: null });
    expect(() => fakes.mercadoPago.payCash(String(body.id))).toThrow(FakeControlError);
    expect(fakes.mercadoPago.charges.find((c) => c.id === String(body.id))?.status).toBe('expired');
  });

  it('a card payment is not a voucher: payCash refuses it', async () => {
    const { body } = await call(`${fakes.mercadoPago.url}/v1/payments`, {
      method: 'POST',
      headers: { ...mpHeaders, 'x-idempotency-key': 'k-mc6' },
      body: JSON.stringify({
        transaction_amount: 10,
        token: 'tok_test_pending',
        payment_method_id: 'visa',
        installments: 1,
        payer: { email: 'a@b.c' },
      }),
    });
    expect(body.status).toBe('in_process');
    expect(() => fakes.mercadoPago.payCash(String(body.id))).toThrow(/not a cash payment/);
  });
});

describe('deliverNotification', () => {
  it('reports an unreachable receiver as NotificationDeliveryError', async () => {
    const gone = await startReceiver();
    await gone.close();
    const { body } = await cashPayment('TX-d1');
    const notification = fakes.mercadoPago.notification(String(body.id), { url: gone.url, secret: 's' });
    await expect(deliverNotification(notification)).rejects.toBeInstanceOf(NotificationDeliveryError);
  });
});
