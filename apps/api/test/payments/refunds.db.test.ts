/**
 * Issue 11, items 3 and 4: an approved charge that cannot end in a working hotspot user is given
 * back through the gateway and recorded (`refunded`), once: a crash between the gateway's refund
 * and its record is settled by reconciliation reading the charge back, never by a second refund.
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTransaction, type TransactionRow } from '../../src/db/transactions.js';
import type { ChargeLookup } from '../../src/payments/gateways/gateway.js';
import { runPurchase } from '../../src/payments/purchase.js';
import { applyChargeStatus, DEFAULT_RECONCILE_OPTIONS, reconcileOnce, type ReconcileDeps } from '../../src/payments/reconcile.js';
import { NotRefundableError, refundPaid } from '../../src/payments/refund.js';
import { InjectedStatementError, StatementFaults, transitionTo } from '../helpers/faults.js';
import { startPurchaseEnv, type PurchaseEnv } from './env.js';

let env: PurchaseEnv;
const faults = new StatementFaults();
let faulty: ReconcileDeps;
beforeAll(async () => {
  env = await startPurchaseEnv();
  faulty = { ...env.reconcileDeps, db: env.testDb.db.withPlugin(faults) };
});
afterAll(() => env.close());

const PASS = { ...DEFAULT_RECONCILE_OPTIONS, unresolvedAfterMs: 0, staleAfterMs: 0, retryAfterMs: 0, recheckWindowMs: 0 };
const row = async (id: string) => (await findTransaction(env.testDb.db, id))!;
const approvedNews = (tx: TransactionRow): ChargeLookup => ({ status: 'approved', chargeId: tx.charge_id ?? undefined, reference: tx.id });

/** A purchase declined at the gateway, which then approves the charge after all; someone else's user has taken its name. */
async function declinedThenApproved(gateway: 'conekta' | 'mercadopago'): Promise<TransactionRow> {
  const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.decline, gateway));
  expect(outcome.kind).toBe('declined');
  const tx = await row(outcome.transaction.id);
  env.mock.state.add('/ip/hotspot/user', { name: tx.hotspot_username, password: 'not-ours', profile: '1h' });
  env.fakes[gateway === 'conekta' ? 'conekta' : 'mercadoPago'].setStatus(tx.charge_id!, 'approved');
  return tx;
}

function expectRefundedOnce(tx: TransactionRow, after: TransactionRow): void {
  expect(after).toMatchObject({ state: 'refunded', refund_id: expect.any(String) });
  expect(after.settled_at).not.toBeNull();
  expect(after.refunded_at).not.toBeNull();
  expect(env.chargesOf(tx.id)).toMatchObject([{ status: 'refunded', refunds: [{ amountCents: tx.amount_cents }] }]);
  // Nothing of ours on the router; the user that took the name is not ours to remove.
  expect(env.usersOf(tx.id)).toEqual([]);
  expect(env.mock.state.items('/ip/hotspot/user').filter((u) => u.name === tx.hotspot_username)).toMatchObject([{ password: 'not-ours' }]);
}

describe('an approved charge the router will not give access for', () => {
  it.each(['conekta', 'mercadopago'] as const)('is refunded at the gateway and recorded (%s)', async (gateway) => {
    const tx = await declinedThenApproved(gateway);
    expect(await applyChargeStatus(env.reconcileDeps, env.exec, tx, approvedNews(tx))).toBe('refunded');
    expectRefundedOnce(tx, await row(tx.id));
    // Later news of the same approval changes nothing: no second refund, no user.
    expect(await applyChargeStatus(env.reconcileDeps, env.exec, await row(tx.id), approvedNews(tx))).toBe('cleaned-up');
    expect((await reconcileOnce(env.reconcileDeps, PASS)).refunded).not.toContain(tx.id);
    expectRefundedOnce(tx, await row(tx.id));
  });

  it.each(['conekta', 'mercadopago'] as const)(
    'a crash between the gateway refund and its record: reconciliation reads the refund back, never refunds twice (%s)',
    async (gateway) => {
      const tx = await declinedThenApproved(gateway);
      faults.failNth(transitionTo('refunded'));
      await expect(applyChargeStatus(faulty, env.exec, tx, approvedNews(tx))).rejects.toBeInstanceOf(InjectedStatementError);
      expect(await row(tx.id)).toMatchObject({ state: 'refunding', settled_at: null });
      expect(env.chargesOf(tx.id)).toMatchObject([{ status: 'refunded' }]);
      expect((await reconcileOnce(env.reconcileDeps, PASS, false)).refunded).toContain(tx.id);
      const after = await row(tx.id);
      expect(after).toMatchObject({ state: 'refunded', refund_id: null });
      expect(env.chargesOf(tx.id)[0]!.refunds).toHaveLength(1);
    },
  );

  it('a crash after deciding, before the gateway was asked: reconciliation refunds it', async () => {
    const tx = await declinedThenApproved('conekta');
    const lost: ReconcileDeps = { ...env.reconcileDeps, gatewayFor: async () => Promise.reject(new Error('process died')) };
    await expect(applyChargeStatus(lost, env.exec, tx, approvedNews(tx))).rejects.toThrow('process died');
    expect(await row(tx.id)).toMatchObject({ state: 'refunding' });
    expect(env.chargesOf(tx.id)).toMatchObject([{ status: 'approved' }]);
    expect((await reconcileOnce(env.reconcileDeps, PASS, false)).refunded).toContain(tx.id);
    expectRefundedOnce(tx, await row(tx.id));
  });

  it.each(['conekta', 'mercadopago'] as const)(
    'the gateway refuses the refund: needs_review (a person), and a day of re-checks neither pays it nor asks the refund again (%s)',
    async (gateway) => {
      const tx = await declinedThenApproved(gateway);
      const fake = gateway === 'conekta' ? env.fakes.conekta : env.fakes.mercadoPago;
      const adds = () => env.mock.stats.commands['/ip/hotspot/user/add'] ?? 0;
      fake.refuseRefunds('400: too old');
      try {
        expect(await applyChargeStatus(env.reconcileDeps, env.exec, tx, approvedNews(tx))).toBe('not-paid');
        expect(await row(tx.id)).toMatchObject({ state: 'needs_review', reason: expect.stringMatching(/reembolso.*too old.*revisión/) });
        expect(env.chargesOf(tx.id)).toMatchObject([{ status: 'approved', refundRequests: 1 }]);

        // Every re-check of the day due in turn, on a clock the test moves; the router still refuses the name.
        let offsetMs = 0;
        const later: ReconcileDeps = { ...env.reconcileDeps, now: () => new Date(Date.now() + offsetMs) };
        const addsThen = adds();
        for (let minutes = 1; minutes < 24 * 60; minutes *= 2) {
          offsetMs = minutes * 60_000 + 5_000;
          const report = await reconcileOnce(later, { ...DEFAULT_RECONCILE_OPTIONS, unresolvedAfterMs: 0 }, false);
          expect(report.rechecked).not.toContain(tx.id);
          expect(report.refunded).not.toContain(tx.id);
        }
        // News of the approval, again: it stays with the person.
        expect(await applyChargeStatus(env.reconcileDeps, env.exec, await row(tx.id), approvedNews(tx))).toBe('cleaned-up');
        expect(await row(tx.id)).toMatchObject({ state: 'needs_review', rechecks: 0 });
        expect(adds()).toBe(addsThen);
        expect(env.usersOf(tx.id)).toEqual([]);
        expect(env.chargesOf(tx.id)).toMatchObject([{ status: 'approved', refundRequests: 1 }]);
      } finally {
        fake.refuseRefunds(undefined);
      }
      // The operator's way out: the refund tried again, now taken.
      expect(await refundPaid(env.reconcileDeps, env.exec, await row(tx.id), 'Reintento del operador')).toBe('refunded');
      expectRefundedOnce(tx, await row(tx.id));
      expect(env.chargesOf(tx.id)).toMatchObject([{ refundRequests: 2 }]);
    },
  );
});

describe('an operator refunds a paid purchase', () => {
  it('the user goes, the charge is given back and recorded; only a paid attempt can be refunded', async () => {
    const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.approve, 'mercadopago'));
    expect(outcome.kind).toBe('paid');
    expect(env.usersOf(outcome.transaction.id)).toHaveLength(1);
    // A sale with no gateway charge (a voucher sold at the counter) has nothing to give back: nothing moves.
    const counterSale = { ...outcome.transaction, gateway: null };
    await expect(refundPaid(env.reconcileDeps, env.exec, counterSale, 'x')).rejects.toBeInstanceOf(NotRefundableError);
    expect(await row(outcome.transaction.id)).toMatchObject({ state: 'paid' });
    expect(await refundPaid(env.reconcileDeps, env.exec, outcome.transaction, 'Pedido por el cliente')).toBe('refunded');
    const after = await row(outcome.transaction.id);
    expect(after).toMatchObject({ state: 'refunded', reason: 'Pedido por el cliente' });
    expect(env.usersOf(outcome.transaction.id)).toEqual([]);
    expect(env.chargesOf(outcome.transaction.id)).toMatchObject([{ status: 'refunded' }]);
    await expect(refundPaid(env.reconcileDeps, env.exec, after, 'otra vez')).rejects.toBeInstanceOf(NotRefundableError);
    expect(env.chargesOf(outcome.transaction.id)[0]!.refunds).toHaveLength(1);
  });
});
