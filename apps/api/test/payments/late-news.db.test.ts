/**
 * Issue 11, item 3: whatever order the news of a charge arrives in, an approved charge ends with an
 * enabled user (created again with the same credentials if it was removed); and "not found" in the
 * gateway's search is not final while the gateway may still be indexing: a bounded number of
 * look-ups, then `needs_review`.
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTransaction } from '../../src/db/transactions.js';
import type { ChargeLookup } from '../../src/payments/gateways/gateway.js';
import { transactionIdOf, type RouterExec } from '../../src/payments/hotspot-users.js';
import { runPurchase } from '../../src/payments/purchase.js';
import { applyChargeStatus, DEFAULT_RECONCILE_OPTIONS, reconcileOnce, type ReconcileDeps } from '../../src/payments/reconcile.js';
import { startPurchaseEnv, type PurchaseEnv } from './env.js';

let env: PurchaseEnv;
beforeAll(async () => {
  env = await startPurchaseEnv();
});
afterAll(() => env.close());

const PASS = { ...DEFAULT_RECONCILE_OPTIONS, unresolvedAfterMs: 0, staleAfterMs: 0, retryAfterMs: 0, lookupMissesBeforeReview: 3 };
const approved = (chargeId: string): ChargeLookup => ({ status: 'approved', chargeId, reference: undefined });
const row = async (id: string) => (await findTransaction(env.testDb.db, id))!;

/** The gateway's search misses the attempt's charge the first `misses` times it is asked (not indexed yet). */
function indexingLate(misses: number): ReconcileDeps {
  let asked = 0;
  return {
    ...env.reconcileDeps,
    gatewayFor: async (tx) => {
      const gateway = await env.reconcileDeps.gatewayFor(tx);
      return {
        ...gateway,
        lookUp: async (id, chargeId) =>
          ++asked <= misses ? { status: 'not_found', chargeId: undefined, reference: undefined } : gateway.lookUp(id, chargeId),
      };
    },
  };
}

async function expectPaidWithAccess(id: string, password: string): Promise<void> {
  const tx = await row(id);
  expect(tx).toMatchObject({ state: 'paid' });
  expect(tx.settled_at).not.toBeNull();
  expect(env.usersOf(id)).toMatchObject([{ name: tx.hotspot_username, password, disabled: 'false', profile: '1h' }]);
}

describe('a charge the gateway has not indexed yet', () => {
  it('is asked about again, and paid once the search finds it', async () => {
    const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.serverError));
    const deps = indexingLate(2);
    for (let pass = 1; pass <= 2; pass++) {
      expect((await reconcileOnce(deps, PASS, false)).deferred).toContain(outcome.transaction.id);
      expect(await row(outcome.transaction.id)).toMatchObject({ state: 'unresolved', lookup_misses: pass, settled_at: null });
      expect(env.usersOf(outcome.transaction.id)).toMatchObject([{ disabled: 'true' }]);
    }
    expect((await reconcileOnce(deps, PASS, false)).paid).toContain(outcome.transaction.id);
    await expectPaidWithAccess(outcome.transaction.id, env.secrets.open(outcome.transaction.hotspot_password_sealed));
  });

  it('never found after the bounded look-ups: needs_review, no user; an approval that shows up later still pays it', async () => {
    const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.serverErrorUncharged));
    const id = outcome.transaction.id;
    for (let pass = 1; pass < PASS.lookupMissesBeforeReview; pass++)
      expect((await reconcileOnce(env.reconcileDeps, PASS, false)).deferred).toContain(id);
    expect((await reconcileOnce(env.reconcileDeps, PASS, false)).notPaid).toContain(id);
    expect(await row(id)).toMatchObject({ state: 'needs_review', lookup_misses: 3, reason: expect.stringMatching(/revisión/) });
    expect((await row(id)).settled_at).not.toBeNull();
    expect(env.usersOf(id)).toEqual([]);
    // Settled: later passes leave it to the person.
    expect((await reconcileOnce(env.reconcileDeps, PASS, false)).notPaid).not.toContain(id);

    expect(await applyChargeStatus(env.reconcileDeps, env.exec, await row(id), approved('late-1'))).toBe('paid');
    await expectPaidWithAccess(id, env.secrets.open(outcome.transaction.hotspot_password_sealed));
    expect((await row(id)).charge_id).toBe('late-1');
  });
});

describe('an approval after a decline', () => {
  it.each(['conekta', 'mercadopago'] as const)(
    'declined and settled, then approved (%s): paid, the user created again with the same credentials',
    async (gateway) => {
      const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.decline, gateway));
      expect(outcome.kind).toBe('declined');
      expect(env.usersOf(outcome.transaction.id)).toEqual([]);
      expect(await applyChargeStatus(env.reconcileDeps, env.exec, await row(outcome.transaction.id), approved('ok-1'))).toBe('paid');
      await expectPaidWithAccess(outcome.transaction.id, env.secrets.open(outcome.transaction.hotspot_password_sealed));
    },
  );

  it('the approval arrives before the purchase hears its decline: the purchase answers paid and keeps the user', async () => {
    const deps = {
      ...env.deps,
      checkpoint: async (step: string, id: string) => {
        if (step === 'charged') await applyChargeStatus(env.reconcileDeps, env.exec, await row(id), approved('ok-2'));
      },
    };
    const outcome = await runPurchase(deps, env.exec, env.order(TEST_TOKENS.decline, 'mercadopago'));
    expect(outcome.kind).toBe('paid');
    await expectPaidWithAccess(outcome.transaction.id, env.secrets.open(outcome.transaction.hotspot_password_sealed));
  });

  it('the approval arrives while the purchase removes the declined user: the user comes back', async () => {
    let notified = false;
    const racing: RouterExec = async (path, params) => {
      if (path === '/ip/hotspot/user/remove' && !notified) {
        notified = true;
        const user = env.mock.state.items('/ip/hotspot/user').find((u) => u['.id'] === (params as Record<string, string>).numbers);
        await applyChargeStatus(env.reconcileDeps, env.exec, await row(transactionIdOf(user?.comment)!), approved('ok-3'));
      }
      return env.exec(path, params);
    };
    const outcome = await runPurchase(env.deps, racing, env.order(TEST_TOKENS.decline, 'mercadopago'));
    expect(notified).toBe(true);
    expect(outcome.kind).toBe('paid');
    await expectPaidWithAccess(outcome.transaction.id, env.secrets.open(outcome.transaction.hotspot_password_sealed));
  });
});

describe('a declined attempt asked about again', () => {
  const RECHECK = { ...PASS, recheckFirstAfterMs: 0, recheckWindowMs: 3600_000 };

  it.each(['conekta', 'mercadopago'] as const)(
    'settled declined, the gateway approves it later (%s): a re-check pays it, same credentials',
    async (gateway) => {
      const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.decline, gateway));
      const id = outcome.transaction.id;
      expect(await row(id)).toMatchObject({ state: 'declined', rechecks: 0 });
      expect((await row(id)).settled_at).not.toBeNull();
      const first = await reconcileOnce(env.reconcileDeps, RECHECK, false);
      expect(first.rechecked).toContain(id);
      expect(first.paid).not.toContain(id);
      expect(await row(id)).toMatchObject({ state: 'declined', rechecks: 1 });
      env.fakes[gateway === 'conekta' ? 'conekta' : 'mercadoPago'].setStatus(outcome.transaction.charge_id!, 'approved');
      expect((await reconcileOnce(env.reconcileDeps, RECHECK, false)).paid).toContain(id);
      await expectPaidWithAccess(id, env.secrets.open(outcome.transaction.hotspot_password_sealed));
    },
  );

  it('waits twice as long after each re-check, and stops after the window', async () => {
    const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.decline, 'mercadopago'));
    const id = outcome.transaction.id;
    const settledAt = (await row(id)).settled_at!.getTime();
    const at = (ms: number): ReconcileDeps => ({ ...env.reconcileDeps, now: () => new Date(settledAt + ms) });
    const options = { ...PASS, recheckFirstAfterMs: 60_000, recheckWindowMs: 3600_000 };
    const rechecked = async (ms: number) => (await reconcileOnce(at(ms), options, false)).rechecked.includes(id);
    expect(await rechecked(30_000)).toBe(false);
    expect(await rechecked(60_000)).toBe(true);
    expect(await rechecked(90_000)).toBe(false);
    expect(await rechecked(120_000)).toBe(true);
    expect(await rechecked(240_000)).toBe(true);
    expect(await row(id)).toMatchObject({ rechecks: 3 });
    // Approved now, but the window is over: left to the notification (or a person).
    env.fakes.mercadoPago.setStatus(outcome.transaction.charge_id!, 'approved');
    expect(await rechecked(3600_001)).toBe(false);
    expect(await row(id)).toMatchObject({ state: 'declined' });
  });
});
