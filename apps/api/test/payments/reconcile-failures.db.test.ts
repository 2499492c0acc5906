/**
 * Issue 11, item 4: one bad empresa must not stop reconciliation for everyone. An empresa whose
 * sealed gateway key no longer opens (a key dropped after rotation, a column overwritten) fails its
 * own attempts only: each failure is reported with its transaction and empresa, counted, and
 * retried by a later pass; the healthy empresa's attempts settle in the same pass.
 */
import { TEST_TOKENS } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTransaction } from '../../src/db/transactions.js';
import { commentFor } from '../../src/payments/hotspot-users.js';
import { runPurchase } from '../../src/payments/purchase.js';
import { DEFAULT_RECONCILE_OPTIONS, failuresByCompany, reconcileOnce, type ReconcileFailure } from '../../src/payments/reconcile.js';
import { startPurchaseEnv, type PurchaseEnv } from './env.js';
import { CONEKTA_KEY, seedShop, type Shop } from './shop.js';

let env: PurchaseEnv;
let broken: Shop;
beforeAll(async () => {
  env = await startPurchaseEnv();
  broken = await seedShop(env.testDb.db, env.secrets, { port: env.mock.port });
});
afterAll(() => env.close());

const PASS = { ...DEFAULT_RECONCILE_OPTIONS, unresolvedAfterMs: 0, staleAfterMs: 0, retryAfterMs: 0 };
const setConektaKey = (sealed: string) =>
  env.testDb.db.updateTable('empresas').set({ conekta_private_key_sealed: sealed }).where('id', '=', broken.company.id).execute();

describe('reconciliation with one bad empresa', () => {
  it('settles the healthy empresa in the same pass, reports the bad one per transaction and empresa, and retries it later', async () => {
    const healthy = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.serverError));
    const brokenOrder = {
      ...env.order(TEST_TOKENS.serverError),
      companyId: broken.company.id,
      routerId: broken.router.id,
      producto: broken.plan,
      gateway: env.services.gatewayFor(broken.company, 'conekta'),
    };
    const stuck = await runPurchase(env.deps, env.services.routerExec(broken.router), brokenOrder);
    expect([healthy.kind, stuck.kind]).toEqual(['unresolved', 'unresolved']);
    await setConektaKey('v1.not-a-sealed-value');

    const told: ReconcileFailure[] = [];
    const report = await reconcileOnce({ ...env.reconcileDeps, onError: (failure) => told.push(failure) }, PASS);
    expect(report.paid).toContain(healthy.transaction.id);
    expect(report.deferred).toContain(stuck.transaction.id);
    expect(report.failures).toMatchObject([
      { transactionId: stuck.transaction.id, companyId: broken.company.id, routerId: broken.router.id },
    ]);
    expect(report.failures[0]?.error).toBeInstanceOf(Error);
    expect(told).toEqual(report.failures);
    expect(failuresByCompany(report)).toEqual({ [broken.company.id]: 1 });
    expect((await findTransaction(env.testDb.db, stuck.transaction.id))?.state).toBe('unresolved');

    // The key is put right: the next pass settles what the bad one left.
    await setConektaKey(env.secrets.seal(CONEKTA_KEY));
    const next = await reconcileOnce(env.reconcileDeps, PASS);
    expect(next.paid).toContain(stuck.transaction.id);
    expect(next.failures).toEqual([]);
    expect(env.usersOf(stuck.transaction.id)).toMatchObject([{ disabled: 'false' }]);
  });

  it('a router whose sealed password does not open fails its own sweep only', async () => {
    const paid = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.approve));
    await runPurchase(env.deps, env.services.routerExec(broken.router), {
      ...env.order(TEST_TOKENS.approve),
      companyId: broken.company.id,
      routerId: broken.router.id,
      product: broken.plan,
    });
    const badRouter = { ...broken.router, id: 'RTR_BADSEAL', nombre: 'Roto' };
    await env.testDb.db
      .insertInto('routers')
      .values({ ...badRouter, password_sealed: 'v1.garbage' })
      .execute();
    await env.testDb.db
      .insertInto('transacciones')
      .values({ ...(await findTransaction(env.testDb.db, paid.transaction.id))!, id: 'TRX_ON_BAD_ROUTER', router_id: badRouter.id })
      .execute();
    env.mock.state.add('/ip/hotspot/user', { name: 'stray-x', password: 'x', profile: '1h', comment: commentFor('TRX_GONE') });
    const report = await reconcileOnce(env.reconcileDeps, PASS);
    expect(report.strayUsersRemoved).toBe(1);
    expect(report.failures).toMatchObject([{ routerId: badRouter.id }]);
  });
});
