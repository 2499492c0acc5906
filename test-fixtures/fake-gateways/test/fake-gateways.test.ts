import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECLINE_REASON, TEST_TOKENS, signMercadoPagoWebhook, startFakeGateways, type FakeGateways } from '../src/index.js';

let fakes: FakeGateways;
beforeAll(async () => {
  fakes = await startFakeGateways({ conekta: { privateKey: 'key_test_private' }, mercadoPago: { accessToken: 'TEST-token' } });
});
afterAll(() => fakes.close());

const conektaHeaders = {
  authorization: `Basic ${Buffer.from('key_test_private:').toString('base64')}`,
  accept: 'application/vnd.conekta-v2.1.0+json',
  'content-type': 'application/json',
};
const mpHeaders = { authorization: 'Bearer TEST-token', 'content-type': 'application/json' };

function orderBody(token: string, reference: string, unitPrice = 2500) {
  return {
    currency: 'MXN',
    customer_info: { name: 'Ana', email: 'ana@example.com', phone: '5550000000' },
    line_items: [{ name: 'Plan 1h', unit_price: unitPrice, quantity: 1 }],
    charges: [{ payment_method: { type: 'card', token_id: token } }],
    metadata: { transaction_id: reference },
  };
}

async function postOrder(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${fakes.conekta.url}/orders`, {
    method: 'POST',
    headers: { ...conektaHeaders, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

function paymentBody(token: string, reference: string, amount = 25) {
  return {
    transaction_amount: amount,
    token,
    payment_method_id: 'visa',
    installments: 1,
    description: 'Plan 1h',
    external_reference: reference,
    payer: { email: 'ana@example.com' },
    binary_mode: true,
  };
}

async function postPayment(body: unknown, key: string | undefined, headers: Record<string, string> = mpHeaders) {
  const res = await fetch(`${fakes.mercadoPago.url}/v1/payments`, {
    method: 'POST',
    headers: key === undefined ? headers : { ...headers, 'x-idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const chargesOf = (reference: string) => [...fakes.conekta.charges, ...fakes.mercadoPago.charges].filter((c) => c.reference === reference);

describe('fake Conekta', () => {
  it('approves an order and records the charge in integer cents', async () => {
    const { status, body } = await postOrder(orderBody(TEST_TOKENS.approve, 'TX-c1', 1999));
    expect(status).toBe(200);
    expect(body.payment_status).toBe('paid');
    expect(body.amount).toBe(1999);
    expect(body.metadata).toEqual({ transaction_id: 'TX-c1' });
    expect(chargesOf('TX-c1')).toMatchObject([{ status: 'approved', amountCents: 1999, currency: 'MXN', gateway: 'conekta' }]);
  });

  it('declines with 402 and the reason', async () => {
    const { status, body } = await postOrder(orderBody(TEST_TOKENS.decline, 'TX-c2'));
    expect(status).toBe(402);
    expect(body.type).toBe('processing_error');
    expect(body.details[0].message).toBe(DECLINE_REASON);
    expect(body.data.payment_status).toBe('declined');
  });

  it('leaves a pending order pending until the test settles it', async () => {
    const { body } = await postOrder(orderBody(TEST_TOKENS.pending, 'TX-c3'));
    expect(body.payment_status).toBe('pending_payment');
    fakes.conekta.setStatus(body.id, 'approved');
    const res = await fetch(`${fakes.conekta.url}/orders/${body.id}`, { headers: conektaHeaders });
    expect(((await res.json()) as any).payment_status).toBe('paid');
  });

  it('answers 500 after charging, and a retry with the same key returns the charge without a second one', async () => {
    const first = await postOrder(orderBody(TEST_TOKENS.serverError, 'TX-c4'), { 'idempotency-key': 'k-c4' });
    expect(first.status).toBe(500);
    const retry = await postOrder(orderBody(TEST_TOKENS.serverError, 'TX-c4'), { 'idempotency-key': 'k-c4' });
    expect(retry.status).toBe(200);
    expect(retry.body.payment_status).toBe('paid');
    expect(chargesOf('TX-c4')).toHaveLength(1);
  });

  it('answers 500 without charging for the uncharged token', async () => {
    const { status } = await postOrder(orderBody(TEST_TOKENS.serverErrorUncharged, 'TX-c5'));
    expect(status).toBe(500);
    expect(chargesOf('TX-c5')).toHaveLength(0);
  });

  it('replays the first answer for a repeated key, refuses another body (422) and a key still running (409)', async () => {
    const a = await postOrder(orderBody(TEST_TOKENS.approve, 'TX-c6'), { 'idempotency-key': 'k-c6' });
    const b = await postOrder(orderBody(TEST_TOKENS.approve, 'TX-c6'), { 'idempotency-key': 'k-c6' });
    expect(b.body.id).toBe(a.body.id);
    expect(chargesOf('TX-c6')).toHaveLength(1);
    const other = await postOrder(orderBody(TEST_TOKENS.approve, 'TX-c6', 9999), { 'idempotency-key': 'k-c6' });
    expect(other.status).toBe(422);

    const hanging = fetch(`${fakes.conekta.url}/orders`, {
      method: 'POST',
      headers: { ...conektaHeaders, 'idempotency-key': 'k-c7' },
      body: JSON.stringify(orderBody(TEST_TOKENS.hangUncharged, 'TX-c7')),
      signal: AbortSignal.timeout(300),
    });
    await expect(hanging).rejects.toThrow();
    const again = await postOrder(orderBody(TEST_TOKENS.hangUncharged, 'TX-c7'), { 'idempotency-key': 'k-c7' });
    expect(again.status).toBe(409);
    expect(chargesOf('TX-c7')).toHaveLength(0);
  });

  it('hangs past a timeout after charging; the order is found by search', async () => {
    const hanging = fetch(`${fakes.conekta.url}/orders`, {
      method: 'POST',
      headers: conektaHeaders,
      body: JSON.stringify(orderBody(TEST_TOKENS.hang, 'TX-c8')),
      signal: AbortSignal.timeout(200),
    });
    await expect(hanging).rejects.toThrow(/timeout|abort/i);
    const res = await fetch(`${fakes.conekta.url}/orders?search=TX-c8`, { headers: conektaHeaders });
    const list = (await res.json()) as any;
    expect(list.data).toHaveLength(1);
    expect(list.data[0].payment_status).toBe('paid');
  });

  it('takes the key as Bearer and as Basic without the colon, the forms the SDKs send', async () => {
    const bearer = await postOrder(orderBody(TEST_TOKENS.approve, 'TX-c9'), { authorization: 'Bearer key_test_private' });
    expect(bearer.status).toBe(200);
    const bare = await postOrder(orderBody(TEST_TOKENS.approve, 'TX-c10'), {
      authorization: `Basic ${Buffer.from('key_test_private').toString('base64')}`,
    });
    expect(bare.status).toBe(200);
    expect((await postOrder(orderBody(TEST_TOKENS.approve, 'TX-c11'), { authorization: 'Bearer key_other' })).status).toBe(401);
  });

  it('refuses a wrong key (401), a missing API version (400), bad cents (400) and an unknown order (404)', async () => {
    expect(
      (await postOrder(orderBody(TEST_TOKENS.approve, 'x'), { authorization: `Basic ${Buffer.from('key_other:').toString('base64')}` }))
        .status,
    ).toBe(401);
    expect((await postOrder(orderBody(TEST_TOKENS.approve, 'x'), { accept: 'application/json' })).status).toBe(400);
    const bad = await postOrder(orderBody(TEST_TOKENS.approve, 'x', 19.99));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].message).toMatch(/unit_price/);
    const res = await fetch(`${fakes.conekta.url}/orders/ord_nothing`, { headers: conektaHeaders });
    expect(res.status).toBe(404);
    expect(chargesOf('x')).toHaveLength(0);
  });
});

describe('fake Mercado Pago', () => {
  it('approves a payment (201) and finds it by id and by external_reference', async () => {
    const { status, body } = await postPayment(paymentBody(TEST_TOKENS.approve, 'TX-m1', 19.99), 'k-m1');
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'approved', status_detail: 'accredited', transaction_amount: 19.99, external_reference: 'TX-m1' });
    expect(chargesOf('TX-m1')).toMatchObject([{ amountCents: 1999, gateway: 'mercadopago' }]);
    const byId = await fetch(`${fakes.mercadoPago.url}/v1/payments/${body.id}`, { headers: mpHeaders });
    expect(((await byId.json()) as any).id).toBe(body.id);
    const search = await fetch(`${fakes.mercadoPago.url}/v1/payments/search?external_reference=TX-m1`, { headers: mpHeaders });
    expect(((await search.json()) as any).results.map((p: any) => p.id)).toEqual([body.id]);
  });

  it('rejects with a status detail, and later status changes show on re-reading', async () => {
    const { body } = await postPayment(paymentBody(TEST_TOKENS.decline, 'TX-m2'), 'k-m2');
    expect(body).toMatchObject({ status: 'rejected', status_detail: 'cc_rejected_insufficient_amount' });
    const approved = await postPayment(paymentBody(TEST_TOKENS.approve, 'TX-m3'), 'k-m3');
    fakes.mercadoPago.setStatus(String(approved.body.id), 'refunded');
    const res = await fetch(`${fakes.mercadoPago.url}/v1/payments/${approved.body.id}`, { headers: mpHeaders });
    expect(((await res.json()) as any).status).toBe('refunded');
  });

  it('charges once for a repeated idempotency key and requires one', async () => {
    const a = await postPayment(paymentBody(TEST_TOKENS.approve, 'TX-m4'), 'k-m4');
    const b = await postPayment(paymentBody(TEST_TOKENS.approve, 'TX-m4'), 'k-m4');
    expect(b.body.id).toBe(a.body.id);
    expect(chargesOf('TX-m4')).toHaveLength(1);
    expect((await postPayment(paymentBody(TEST_TOKENS.approve, 'TX-m5'), undefined)).status).toBe(400);
    expect(chargesOf('TX-m5')).toHaveLength(0);
  });

  it('refuses a wrong access token and answers 404 for an unknown payment', async () => {
    expect((await postPayment(paymentBody(TEST_TOKENS.approve, 'TX-m6'), 'k-m6', { authorization: 'Bearer nope' })).status).toBe(401);
    const res = await fetch(`${fakes.mercadoPago.url}/v1/payments/1`, { headers: mpHeaders });
    expect(res.status).toBe(404);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const res = await fetch(`${fakes.mercadoPago.url}/v1/payments`, {
      method: 'POST',
      headers: { ...mpHeaders, 'x-idempotency-key': 'k' },
      body: '{',
    });
    expect(res.status).toBe(400);
  });
});

describe('fake latency and close', () => {
  it('delays answers by latencyMs and close() cuts hanging requests', async () => {
    const { startFakeConekta } = await import('../src/index.js');
    const slow = await startFakeConekta({ latencyMs: 80 });
    const started = performance.now();
    const res = await fetch(`${slow.url}/orders/ord_x`, {
      headers: { ...conektaHeaders, authorization: `Basic ${Buffer.from('key_any:').toString('base64')}` },
    });
    expect(res.status).toBe(404);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    const hanging = fetch(`${slow.url}/orders`, {
      method: 'POST',
      headers: { ...conektaHeaders, authorization: `Basic ${Buffer.from('key_any:').toString('base64')}` },
      body: JSON.stringify(orderBody(TEST_TOKENS.hang, 'TX-l1')),
    });
    const settled = hanging.then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await slow.close();
    expect(await settled).toBe('cut');
  });
});

describe('signMercadoPagoWebhook', () => {
  it('signs id, request id and ts with HMAC-SHA256', () => {
    const header = signMercadoPagoWebhook({ secret: 's3cret', dataId: '123', requestId: 'req-1', ts: 1700000000000 });
    const expected = createHmac('sha256', 's3cret').update('id:123;request-id:req-1;ts:1700000000000;').digest('hex');
    expect(header).toBe(`ts=1700000000000,v1=${expected}`);
  });
});
