/**
 * Issue 11, item 2: after a crash, a key's claim must not answer 409 for ever. The claim holds the
 * key under a lease; once the lease is over the key follows its transaction (settled → its answer,
 * unsettled → 409 until reconciliation settles it, never recorded → a new attempt), and
 * purgeIdempotencyKeys forgets claims that never finished. The clock is the test's.
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimIdempotencyKey, purgeIdempotencyKeys } from '../../src/db/idempotency-keys.js';
import { IDEMPOTENCY_LEASE_MS, IdempotencyKeys, type IdempotencyDecision } from '../../src/payments/idempotency.js';
import { runPurchase } from '../../src/payments/purchase.js';
import { DEFAULT_RECONCILE_OPTIONS, reconcileOnce } from '../../src/payments/reconcile.js';
import { startPurchaseEnv, type PurchaseEnv } from './env.js';

let env: PurchaseEnv;
let clock = Date.now();
const now = () => new Date(clock);
let keys: IdempotencyKeys;
beforeAll(async () => {
  env = await startPurchaseEnv();
  keys = new IdempotencyKeys(env.testDb.db, env.secrets, now);
});
afterAll(() => env.close());

class Crash extends Error {}
const routerId = () => env.shop.router.id;
const proceed = (decision: IdempotencyDecision) => {
  if (decision.kind !== 'proceed') throw new Error(`expected to proceed, got ${decision.kind}`);
  return decision.claim;
};

describe('an Idempotency-Key claim after a crash', () => {
  it('charged, then the process died: 409 past the lease while unsettled, then the paid transaction, never a second charge', async () => {
    const claim = proceed(await keys.begin(routerId(), 'crash-after-charge', 'fp'));
    const crashing = {
      ...env.deps,
      checkpoint: (step: string) => {
        if (step === 'charged') throw new Crash();
      },
    };
    await expect(
      runPurchase(crashing, env.exec, { ...env.order(TEST_TOKENS.approve), transactionId: claim.transactionId }),
    ).rejects.toThrow(Crash);
    expect((await keys.begin(routerId(), 'crash-after-charge', 'fp')).kind).toBe('in-progress');
    clock += IDEMPOTENCY_LEASE_MS + 1;
    expect((await keys.begin(routerId(), 'crash-after-charge', 'fp')).kind).toBe('in-progress');

    await reconcileOnce(env.reconcileDeps, { ...DEFAULT_RECONCILE_OPTIONS, unresolvedAfterMs: 0, staleAfterMs: 0 });
    const settled = await keys.begin(routerId(), 'crash-after-charge', 'fp');
    expect(settled).toMatchObject({ kind: 'settled', transaction: { id: claim.transactionId, state: 'paid' } });
    if (settled.kind !== 'settled') return;
    await keys.finish(settled.claim, 200, { id_transaccion: claim.transactionId });
    expect(await keys.begin(routerId(), 'crash-after-charge', 'fp')).toEqual({
      kind: 'replay',
      statusCode: 200,
      body: { id_transaccion: claim.transactionId },
    });
    expect(env.chargesOf(claim.transactionId)).toHaveLength(1);
  });

  it('died before recording anything: 409 while the lease runs, then the key goes to a new attempt', async () => {
    const first = proceed(await keys.begin(routerId(), 'crash-before-record', 'fp'));
    expect((await keys.begin(routerId(), 'crash-before-record', 'fp')).kind).toBe('in-progress');
    clock += IDEMPOTENCY_LEASE_MS + 1;
    const second = proceed(await keys.begin(routerId(), 'crash-before-record', 'fp'));
    expect(second.transactionId).not.toBe(first.transactionId);
    // Only one retry takes the key over.
    expect((await keys.begin(routerId(), 'crash-before-record', 'fp')).kind).toBe('in-progress');
    // The first request, were it alive after all, can no longer answer for the key.
    await keys.finish(first, 200, { stale: true });
    expect((await keys.begin(routerId(), 'crash-before-record', 'fp')).kind).toBe('in-progress');
  });

  it('declined before the crash: the retry gets the decline from the transaction', async () => {
    const claim = proceed(await keys.begin(routerId(), 'crash-after-decline', 'fp'));
    const crashing = {
      ...env.deps,
      checkpoint: (step: string) => {
        if (step === 'finished') throw new Crash();
      },
    };
    await expect(
      runPurchase(crashing, env.exec, { ...env.order(TEST_TOKENS.decline), transactionId: claim.transactionId }),
    ).rejects.toThrow(Crash);
    expect(await keys.begin(routerId(), 'crash-after-decline', 'fp')).toMatchObject({
      kind: 'settled',
      transaction: { state: 'declined' },
    });
  });

  it('purgeIdempotencyKeys forgets a claim that never finished once it is old, but not while its lease runs', async () => {
    const db = env.testDb.db;
    const at = now();
    const claim = (key: string, leaseMs: number) =>
      claimIdempotencyKey(
        db,
        { routerId: routerId(), key, requestHash: 'fp', transactionId: `TRX_${key}`, leaseUntil: new Date(at.getTime() + leaseMs) },
        at,
      );
    await claim('never-finished', 60_000);
    await claim('long-lease', 3 * 24 * 3600_000);
    const dayLater = new Date(at.getTime() + 2 * 24 * 3600_000);
    expect(await purgeIdempotencyKeys(db, new Date(dayLater.getTime() - 24 * 3600_000), dayLater)).toBeGreaterThan(0);
    expect((await claim('never-finished', 60_000)).claimed).toBe(true);
    expect((await claim('long-lease', 60_000)).claimed).toBe(false);
  });
});
