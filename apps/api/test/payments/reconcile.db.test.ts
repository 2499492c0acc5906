import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimIdempotencyKey, completeIdempotencyKey } from '../../src/db/idempotency-keys.js';
import { findTransaction } from '../../src/db/transactions.js';
import { recordWebhookEvent } from '../../src/db/webhook-events.js';
import { commentFor } from '../../src/payments/hotspot-users.js';
import { runPurchase, type PurchaseStep } from '../../src/payments/purchase.js';
import { reconcileOnce, startReconcileLoop, type ReconcileOptions } from '../../src/payments/reconcile.js';
import { startPurchaseEnv, type PurchaseEnv } from './env.js';

let env: PurchaseEnv;
beforeAll(async () => {
  env = await startPurchaseEnv();
});
afterAll(() => env.close());

/** Everything is stale at once: the tests stand in for a process that died long ago. */
const NOW: ReconcileOptions = {
  unresolvedAfterMs: 0,
  staleAfterMs: 0,
  leaseMs: 60_000,
  retryAfterMs: 0,
  batchSize: 10,
  // One look-up that finds no charge is enough here (the indexing retries have their own test file).
  lookupMissesBeforeReview: 1,
  // Re-checks of declined attempts have their own tests (late-news.db.test.ts).
  recheckFirstAfterMs: 60_000,
  recheckWindowMs: 0,
};

class SimulatedCrash extends Error {}

/** The promise of the service: paid ⇔ the customer has a working user; not paid ⇒ no user on the router. */
async function expectConsistent(transactionId: string): Promise<void> {
  const tx = await findTransaction(env.testDb.db, transactionId);
  expect(tx?.settled_at, `${transactionId} settled`).not.toBeNull();
  if (env.chargesOf(transactionId).some((c) => c.status === 'approved')) {
    expect(tx?.state).toBe('paid');
    expect(env.usersOf(transactionId)).toMatchObject([{ name: tx?.hotspot_username, disabled: 'false', profile: '1h' }]);
    expect(env.usersOf(transactionId)[0]?.password).toBe(env.secrets.open(tx!.hotspot_password_sealed));
  } else {
    expect(tx?.state).not.toBe('paid');
    expect(env.usersOf(transactionId)).toEqual([]);
  }
}

describe('reconciliation', () => {
  it.each([
    [TEST_TOKENS.serverError, 'paid'],
    [TEST_TOKENS.serverErrorUncharged, 'needs_review'],
    [TEST_TOKENS.hang, 'paid'],
    [TEST_TOKENS.hangUncharged, 'needs_review'],
  ])('settles an unresolved attempt (%s) by asking the gateway → %s', async (token, expected) => {
    const outcome = await runPurchase(env.deps, env.exec, env.order(token));
    expect(outcome.kind).toBe('unresolved');
    const report = await reconcileOnce(env.reconcileDeps, NOW);
    expect(expected === 'paid' ? report.paid : report.notPaid).toContain(outcome.transaction.id);
    expect((await findTransaction(env.testDb.db, outcome.transaction.id))?.state).toBe(expected);
    await expectConsistent(outcome.transaction.id);
  });

  const steps: PurchaseStep[] = ['recorded', 'user-added', 'user-recorded', 'charged', 'finished'];
  for (const gateway of ['conekta', 'mercadopago'] as const) {
    for (const token of [TEST_TOKENS.approve, TEST_TOKENS.decline]) {
      it(`a crash after "${steps.join('", "')}" (${gateway}, ${token}) leaves no paid customer without access and no unpaid user`, async () => {
        const crashed: string[] = [];
        for (const at of steps) {
          const deps = {
            ...env.deps,
            checkpoint: (step: PurchaseStep, id: string) => {
              if (step !== at) return;
              crashed.push(id);
              throw new SimulatedCrash(at);
            },
          };
          const settled = runPurchase(deps, env.exec, env.order(token, gateway));
          await expect(settled).rejects.toBeInstanceOf(SimulatedCrash);
        }
        expect(crashed).toHaveLength(steps.length);
        await reconcileOnce(env.reconcileDeps, NOW);
        for (const id of crashed) await expectConsistent(id);
      });
    }
  }

  it('a charge still pending at the gateway is deferred with the user disabled, then enabled once approved', async () => {
    const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.pending));
    expect(outcome.kind).toBe('unresolved');
    const first = await reconcileOnce(env.reconcileDeps, NOW);
    expect(first.deferred).toContain(outcome.transaction.id);
    expect(env.usersOf(outcome.transaction.id)).toMatchObject([{ disabled: 'true' }]);
    const charge = env.fakes.conekta.charges.find((c) => c.reference === outcome.transaction.id)!;
    env.fakes.conekta.setStatus(charge.id, 'approved');
    const second = await reconcileOnce(env.reconcileDeps, NOW);
    expect(second.paid).toContain(outcome.transaction.id);
    await expectConsistent(outcome.transaction.id);
  });

  it('a paid customer whose user vanished from the router gets it back with the same credentials', async () => {
    const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.serverError));
    const [user] = env.usersOf(outcome.transaction.id);
    env.mock.state.remove('/ip/hotspot/user', user!['.id']!);
    await reconcileOnce(env.reconcileDeps, NOW);
    await expectConsistent(outcome.transaction.id);
  });

  it('two reconcilers at once settle each attempt exactly once', async () => {
    const ids: string[] = [];
    for (const token of [
      TEST_TOKENS.serverError,
      TEST_TOKENS.serverErrorUncharged,
      TEST_TOKENS.serverError,
      TEST_TOKENS.serverErrorUncharged,
    ]) {
      ids.push((await runPurchase(env.deps, env.exec, env.order(token))).transaction.id);
    }
    const [a, b] = await Promise.all([reconcileOnce(env.reconcileDeps, NOW), reconcileOnce(env.reconcileDeps, NOW)]);
    const settled = [...a.paid, ...a.notPaid, ...b.paid, ...b.notPaid].filter((id) => ids.includes(id));
    expect(settled.sort()).toEqual([...ids].sort());
    for (const id of ids) await expectConsistent(id);
  });

  it('is idempotent: a second pass finds nothing to do', async () => {
    await reconcileOnce(env.reconcileDeps, NOW);
    const again = await reconcileOnce(env.reconcileDeps, NOW);
    expect(again).toEqual({
      paid: [],
      notPaid: [],
      cleanedUp: [],
      refunded: [],
      rechecked: [],
      deferred: [],
      batchesResumed: [],
      strayUsersRemoved: 0,
      expiredRecordsPurged: 0,
      failures: [],
    });
  });

  it('forgets Idempotency-Keys after a day (answered, or claims that never finished) and handled notifications after a month, and nothing newer', async () => {
    const db = env.testDb.db;
    const routerId = env.shop.router.id;
    const longAgo = new Date(Date.now() - 40 * 24 * 3600_000);
    const lastHour = new Date(Date.now() - 3600_000);
    const claim = (key: string, at: Date) =>
      claimIdempotencyKey(
        db,
        { routerId, key, requestHash: 'hash', transactionId: `TRX_${key}`, leaseUntil: new Date(at.getTime() + 60_000) },
        at,
      );
    for (const [key, at] of [
      ['old-key', longAgo],
      ['fresh-key', lastHour],
    ] as const) {
      await claim(key, at);
      await completeIdempotencyKey(db, { routerId, key, transactionId: `TRX_${key}` }, 200, env.secrets.seal('{}'));
    }
    await claim('old-never-finished', longAgo);
    await claim('fresh-never-finished', lastHour);
    await recordWebhookEvent(db, 'old-event', longAgo);
    await recordWebhookEvent(db, 'fresh-event', lastHour);
    const report = await reconcileOnce(env.reconcileDeps, NOW);
    expect(report.expiredRecordsPurged).toBe(3);
    expect((await claim('old-key', new Date())).claimed).toBe(true);
    expect((await claim('fresh-key', new Date())).claimed).toBe(false);
    expect((await claim('old-never-finished', new Date())).claimed).toBe(true);
    expect((await claim('fresh-never-finished', new Date())).claimed).toBe(false);
    expect(await recordWebhookEvent(db, 'old-event', new Date())).toBe(true);
    expect(await recordWebhookEvent(db, 'fresh-event', new Date())).toBe(false);
  });

  it('sweeps users whose comment names a transaction that did not end paid, and keeps paid ones', async () => {
    const paid = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.approve));
    const declined = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.decline));
    env.mock.state.add('/ip/hotspot/user', { name: 'stray1', password: 'x', profile: '1h', comment: commentFor(declined.transaction.id) });
    env.mock.state.add('/ip/hotspot/user', { name: 'stray2', password: 'x', profile: '1h', comment: commentFor('TRX_NOT_OURS_ANYMORE') });
    env.mock.state.add('/ip/hotspot/user', { name: 'walk-in', password: 'x', profile: '1h', comment: 'sold at the desk' });
    const report = await reconcileOnce(env.reconcileDeps, NOW);
    expect(report.strayUsersRemoved).toBe(2);
    const names = env.mock.state.items('/ip/hotspot/user').map((u) => u.name);
    expect(names).toContain(paid.transaction.hotspot_username);
    expect(names).toContain('walk-in');
    expect(names).not.toContain('stray1');
    expect(names).not.toContain('stray2');
  });

  it('leaves an attempt for later when its router is unreachable', async () => {
    const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.serverErrorUncharged));
    env.mock.faults.set({ stallCommands: ['/ip/hotspot/user/print'] });
    try {
      const report = await reconcileOnce(env.reconcileDeps, { ...NOW, retryAfterMs: 60_000 }, false);
      expect(report.deferred).toContain(outcome.transaction.id);
      expect((await findTransaction(env.testDb.db, outcome.transaction.id))?.state).toBe('unresolved');
    } finally {
      env.mock.faults.clear();
    }
  });

  it('the background loop settles attempts on its own and stops cleanly', async () => {
    const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.serverError));
    const loop = startReconcileLoop(env.reconcileDeps, { ...NOW, intervalMs: 20, sweepEvery: 5 });
    try {
      for (let i = 0; i < 200; i++) {
        if ((await findTransaction(env.testDb.db, outcome.transaction.id))?.state === 'paid') break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await loop.stop();
    }
    await expectConsistent(outcome.transaction.id);
  });
});
