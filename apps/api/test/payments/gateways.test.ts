import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECLINE_REASON, TEST_TOKENS, startFakeGateways, type FakeGateway, type FakeGateways } from '@hotspot/fake-gateways';
import type { Agent } from 'undici';
import { conektaGateway } from '../../src/payments/gateways/conekta.js';
import { GatewayError, type ChargeInput, type PaymentGateway } from '../../src/payments/gateways/gateway.js';
import { createGatewayAgent } from '../../src/payments/gateways/http.js';
import { mercadoPagoGateway } from '../../src/payments/gateways/mercadopago.js';
import { closedPort } from '../helpers/net.js';

let fakes: FakeGateways;
let agent: Agent;
let closedPortUrl: string;

beforeAll(async () => {
  fakes = await startFakeGateways({ conekta: { privateKey: 'key_emp' }, mercadoPago: { accessToken: 'TEST-emp' } });
  agent = createGatewayAgent({ connectMs: 1000, readMs: 300 });
  closedPortUrl = `http://127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  await agent.close();
  await fakes.close();
});

const cases: Array<{ name: string; fake: () => FakeGateway; make: (baseUrl: string, secret?: string) => PaymentGateway }> = [
  {
    name: 'conekta',
    fake: () => fakes.conekta,
    make: (baseUrl, secret = 'key_emp') => conektaGateway({ baseUrl, privateKey: secret, dispatcher: agent }),
  },
  {
    name: 'mercadopago',
    fake: () => fakes.mercadoPago,
    make: (baseUrl, secret = 'TEST-emp') => mercadoPagoGateway({ baseUrl, accessToken: secret, dispatcher: agent }),
  },
];

let counter = 0;
function input(cardToken: string): ChargeInput {
  counter += 1;
  return {
    transactionId: `TRX_GW${counter}`,
    amountCents: 1999,
    currency: 'MXN',
    cardToken,
    description: 'Plan 1 hora',
    customer: { name: 'Ana', email: 'ana@example.com', phone: '5550000000' },
    mercadoPago: { paymentMethodId: 'visa', installments: 1 },
  };
}

describe.each(cases)('$name gateway client', ({ fake, make }) => {
  const gateway = () => make(fake().url);
  const chargesOf = (transactionId: string) => fake().charges.filter((c) => c.reference === transactionId);

  it('charges the plan price in cents once, with the transaction as reference, and finds the charge again', async () => {
    const tx = input(TEST_TOKENS.approve);
    const outcome = await gateway().charge(tx);
    expect(outcome.kind).toBe('approved');
    expect(chargesOf(tx.transactionId)).toMatchObject([{ amountCents: 1999, status: 'approved' }]);
    const chargeId = outcome.kind === 'approved' ? outcome.chargeId : '';
    const found = { status: 'approved', chargeId, reference: tx.transactionId };
    expect(await gateway().lookUp(tx.transactionId)).toEqual(found);
    expect(await gateway().lookUp(tx.transactionId, chargeId)).toEqual(found);
  });

  it('a retry of the same transaction does not charge twice', async () => {
    const tx = input(TEST_TOKENS.approve);
    const [a, b] = await Promise.all([gateway().charge(tx), gateway().charge(tx)]);
    const again = await gateway().charge(tx);
    expect(chargesOf(tx.transactionId)).toHaveLength(1);
    expect([a.kind, b.kind, again.kind]).toContain('approved');
    expect(again).toEqual(a.kind === 'approved' ? a : b);
  });

  it('reports a decline with the reason', async () => {
    const outcome = await gateway().charge(input(TEST_TOKENS.decline));
    expect(outcome).toMatchObject({ kind: 'declined', reason: DECLINE_REASON });
  });

  it('treats pending, 500 and a hang past the read timeout as unknown', async () => {
    for (const token of [TEST_TOKENS.pending, TEST_TOKENS.serverError, TEST_TOKENS.serverErrorUncharged, TEST_TOKENS.hang]) {
      const started = performance.now();
      const outcome = await gateway().charge(input(token));
      expect(outcome.kind, token).toBe('unknown');
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('a refused connection is a certain failure; a bad key too', async () => {
    expect(await make(closedPortUrl).charge(input(TEST_TOKENS.approve))).toMatchObject({ kind: 'failed', reason: /unreachable/ });
    const tx = input(TEST_TOKENS.approve);
    expect(await make(fake().url, 'wrong').charge(tx)).toMatchObject({ kind: 'failed', reason: /^401/ });
    expect(chargesOf(tx.transactionId)).toHaveLength(0);
  });

  it('look-up: not_found for an unknown transaction, refunds seen, GatewayError when unreachable', async () => {
    expect(await gateway().lookUp('TRX_NEVER')).toEqual({ status: 'not_found', chargeId: undefined, reference: undefined });
    const tx = input(TEST_TOKENS.approve);
    const outcome = await gateway().charge(tx);
    fake().setStatus(outcome.kind === 'approved' ? outcome.chargeId : '', 'refunded');
    expect((await gateway().lookUp(tx.transactionId)).status).toBe('refunded');
    await expect(make(closedPortUrl).lookUp(tx.transactionId)).rejects.toBeInstanceOf(GatewayError);
  });

  it('refunds an approved charge in full once: the look-up then shows it refunded, a second refund is refused', async () => {
    const tx = input(TEST_TOKENS.approve);
    const outcome = await gateway().charge(tx);
    const chargeId = outcome.kind === 'approved' ? outcome.chargeId : '';
    const refund = { transactionId: tx.transactionId, chargeId, amountCents: 1999 };
    const first = await gateway().refund(refund);
    expect(first).toMatchObject({ kind: 'refunded', refundId: expect.any(String) });
    expect(chargesOf(tx.transactionId)).toMatchObject([{ status: 'refunded', refunds: [{ amountCents: 1999 }] }]);
    expect((await gateway().lookUp(tx.transactionId, chargeId)).status).toBe('refunded');
    // Mercado Pago replays the refund under its idempotency key; Conekta has none and refuses a second one.
    const again = await gateway().refund(refund);
    expect(again.kind === 'failed' || (again.kind === 'refunded' && again.refundId === (first as { refundId: string }).refundId)).toBe(
      true,
    );
    expect(chargesOf(tx.transactionId)[0]!.refunds).toHaveLength(1);
    expect(await make(closedPortUrl).refund(refund)).toMatchObject({ kind: 'failed', reason: /unreachable/ });
    const other = input(TEST_TOKENS.decline);
    const declined = await gateway().charge(other);
    const declinedId = declined.kind === 'declined' ? (declined.chargeId ?? '') : '';
    expect(await gateway().refund({ ...refund, transactionId: other.transactionId, chargeId: declinedId })).toMatchObject({
      kind: 'failed',
    });
  });
});
