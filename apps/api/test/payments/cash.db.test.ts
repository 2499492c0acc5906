/**
 * Issue 15, item 1, without HTTP: a cash reference issued through each gateway leaves nothing on
 * the router; paid, it creates the user exactly once however the notification's settlement and
 * reconciliation race; expired, it settles `expired` with nothing on the router; and the customer's
 * credentials go out by e-mail through a real SMTP server.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTransaction, type TransactionRow } from '../../src/db/transactions.js';
import { issueCashPayment, type CashOrder } from '../../src/payments/cash.js';
import { applyChargeStatus, DEFAULT_RECONCILE_OPTIONS, reconcileOnce } from '../../src/payments/reconcile.js';
import { reconcileDepsFor } from '../../src/payments/reconcile-deps.js';
import { createPaymentServices } from '../../src/payments/services.js';
import { testConfig } from '../helpers/app.js';
import { startPurchaseEnv, type PurchaseEnv } from './env.js';

let env: PurchaseEnv;
beforeAll(async () => {
  env = await startPurchaseEnv();
});
afterAll(() => env.close());

const PASS = { ...DEFAULT_RECONCILE_OPTIONS, unresolvedAfterMs: 0, staleAfterMs: 0, retryAfterMs: 0, cashRetryAfterMs: 0 };
const row = async (id: string) => (await findTransaction(env.testDb.db, id))!;

function cashOrder(gateway: 'conekta' | 'mercadopago', email?: string): CashOrder {
  return {
    companyId: env.shop.company.id,
    routerId: env.shop.router.id,
    product: env.shop.plan,
    gateway: env.services.gatewayFor(env.shop.company, gateway),
    customer: { name: 'Ana López', email },
    userKind: 'usuario_contrasena',
  };
}

async function issued(gateway: 'conekta' | 'mercadopago', email?: string): Promise<TransactionRow> {
  const issue = await issueCashPayment(env.deps, cashOrder(gateway, email));
  expect(issue.kind).toBe('issued');
  return issue.transaction;
}

/** What a notification makes the service do: read the charge back from the gateway and apply it. */
async function settleFromNotification(tx: TransactionRow, deps = env.reconcileDeps) {
  const gateway = await deps.gatewayFor(tx);
  const fresh = await row(tx.id);
  return applyChargeStatus(deps, env.exec, fresh, await gateway.lookUp(tx.id, tx.charge_id ?? undefined));
}

describe('issuing a cash reference', () => {
  it.each(['conekta', 'mercadopago'] as const)(
    'through %s: awaiting payment, the reference and its voucher, nothing on the router',
    async (gateway) => {
      const tx = await issued(gateway);
      expect(tx).toMatchObject({
        state: 'awaiting_payment',
        channel: 'cash',
        amount_cents: env.shop.plan.price_cents,
        settled_at: null,
      });
      expect(tx.payment_reference).toMatch(/^\d{8,20}$/);
      expect(tx.voucher_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expect(tx.payment_expires_at!.getTime()).toBeGreaterThan(Date.now());
      expect(env.usersOf(tx.id)).toEqual([]);
      // Unpaid, reconciliation asks and leaves it waiting, still with nothing on the router.
      expect((await reconcileOnce(env.reconcileDeps, PASS, false)).deferred).toContain(tx.id);
      expect(await row(tx.id)).toMatchObject({ state: 'awaiting_payment', settled_at: null });
      expect(env.usersOf(tx.id)).toEqual([]);
    },
  );

  it('a gateway that refuses the request settles the attempt declined, nothing issued', async () => {
    const order = cashOrder('conekta');
    const refusing = { ...order.gateway, issueCash: async () => ({ kind: 'failed' as const, reason: '401: bad key' }) };
    const issue = await issueCashPayment(env.deps, { ...order, gateway: refusing });
    expect(issue).toMatchObject({ kind: 'failed', transaction: { state: 'declined', reason: '401: bad key' } });
    expect(issue.transaction.settled_at).not.toBeNull();
  });
});

describe('the money arrives', () => {
  it.each(['conekta', 'mercadopago'] as const)(
    'through %s: notification and reconciliation race, the user is created once',
    async (gateway) => {
      const tx = await issued(gateway);
      const fake = gateway === 'conekta' ? env.fakes.conekta : env.fakes.mercadoPago;
      fake.payCash(tx.charge_id!);
      const paidNews: string[] = [];
      const deps = { ...env.reconcileDeps, onPaid: async (paid: TransactionRow) => void paidNews.push(paid.id) };
      const [first, second, pass] = await Promise.all([
        settleFromNotification(tx, deps),
        settleFromNotification(tx, deps),
        reconcileOnce(deps, PASS, false),
      ]);
      // Exactly one settler moved it to paid (and so created the user and told onPaid).
      expect([first, second, pass.paid.includes(tx.id) ? 'paid' : 'other'].filter((r) => r === 'paid')).toHaveLength(1);
      expect(paidNews).toEqual([tx.id]);
      const after = await row(tx.id);
      expect(after).toMatchObject({ state: 'paid', charge_id: tx.charge_id });
      expect(after.settled_at).not.toBeNull();
      const password = env.secrets.open(tx.hotspot_password_sealed);
      expect(env.usersOf(tx.id)).toMatchObject([{ name: tx.hotspot_username, password, profile: '1h', disabled: 'false' }]);
      // A replayed notification afterwards changes nothing.
      expect(await settleFromNotification(tx, deps)).toBe('cleaned-up');
      expect(env.usersOf(tx.id)).toHaveLength(1);
      expect(paidNews).toEqual([tx.id]);
    },
  );
});

describe("the plan's limits", () => {
  it('are recorded with the reference, go on the router with the payment, and the validity runs from the payment', async () => {
    const limited = { ...env.shop.plan, time_limit: '3h', data_limit_mb: 500, validity: '1w', validity_start: 'purchase' as const };
    const issue = await issueCashPayment(env.deps, { ...cashOrder('conekta'), product: limited });
    expect(issue.kind).toBe('issued');
    const tx = issue.transaction;
    expect(tx).toMatchObject({ time_limit: '3h', data_limit_mb: 500, validity: '1w', validity_start: 'purchase', expires_at: null });
    env.fakes.conekta.payCash(tx.charge_id!);
    expect(await settleFromNotification(tx)).toBe('paid');
    const after = await row(tx.id);
    expect(after.expires_at!.getTime() - after.paid_at!.getTime()).toBe(7 * 24 * 3600 * 1000);
    expect(env.usersOf(tx.id)).toMatchObject([{ 'limit-uptime': '3h', 'limit-bytes-total': String(500 * 1024 * 1024) }]);
  });
});

describe('the reference runs out', () => {
  it.each(['conekta', 'mercadopago'] as const)('through %s: expired, settled, nothing on the router', async (gateway) => {
    const tx = await issued(gateway);
    (gateway === 'conekta' ? env.fakes.conekta : env.fakes.mercadoPago).expireCash(tx.charge_id!);
    expect((await reconcileOnce(env.reconcileDeps, PASS, false)).notPaid).toContain(tx.id);
    const after = await row(tx.id);
    expect(after).toMatchObject({ state: 'expired', reason: 'La referencia venció sin pago' });
    expect(after.settled_at).not.toBeNull();
    expect(env.usersOf(tx.id)).toEqual([]);
    // An expired attempt is not claimed again.
    expect((await reconcileOnce(env.reconcileDeps, PASS, false)).cleanedUp).not.toContain(tx.id);
  });
});

describe('the credentials by e-mail', () => {
  let smtp: SMTPServer;
  const received: Array<{ from: string; to: string[]; data: string }> = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  it('a paid cash sale mails its customer the user and password, once', async () => {
    const { port } = smtp.server.address() as AddressInfo;
    const config = {
      ...testConfig(),
      gateways: { conektaUrl: env.fakes.conekta.url, mercadoPagoUrl: env.fakes.mercadoPago.url, timeoutMs: 2000 },
      smtp: { url: `smtp://127.0.0.1:${port}`, from: 'WiFi <wifi@example.com>' },
    };
    const services = createPaymentServices({ config, db: env.testDb.db, secrets: env.secrets, routers: env.pool });
    try {
      const deps = reconcileDepsFor(env.deps, services);
      const tx = await issued('conekta', 'cliente@example.com');
      const silent = await issued('conekta');
      env.fakes.conekta.payCash(tx.charge_id!);
      env.fakes.conekta.payCash(silent.charge_id!);
      await Promise.all([settleFromNotification(tx, deps), settleFromNotification(tx, deps), settleFromNotification(silent, deps)]);
      expect(await row(silent.id)).toMatchObject({ state: 'paid' });
      expect(received).toHaveLength(1);
      const [mail] = received;
      expect(mail).toMatchObject({ from: 'wifi@example.com', to: ['cliente@example.com'] });
      expect(mail!.data).toContain(tx.hotspot_username);
      expect(mail!.data).toContain(env.secrets.open(tx.hotspot_password_sealed));
    } finally {
      await services.close();
    }
  });
});
