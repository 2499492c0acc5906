/**
 * Voucher batches (issue 15, item 2) without HTTP, against the mock router on a clock the test
 * moves: one pipelined burst, a router dropping mid-batch then the batch resumed, a crash between
 * the burst and its record, selling singly and by range (the reporting contract's `transacciones`
 * rows), revoking, and a sold voucher's life (first login → usado, validity over → expirado).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { routersAwaitingLogin } from '../../src/db/plan-users.js';
import { updateProduct } from '../../src/db/products.js';
import { findTransaction } from '../../src/db/transactions.js';
import { listVouchers, type BatchRow, type VoucherStatus } from '../../src/db/vouchers.js';
import type { RouterExec } from '../../src/payments/hotspot-users.js';
import { DEFAULT_RECONCILE_OPTIONS, reconcileOnce, sweepStrayUsers, type ReconcileDeps } from '../../src/payments/reconcile.js';
import { planLimits } from '../../src/plans/limits.js';
import { BatchInterruptedError, createVoucherBatch, resumeVoucherBatch, type VoucherDeps } from '../../src/vouchers/batch.js';
import { revokeSelected, sellSelected } from '../../src/vouchers/counter.js';
import { waitFor } from '../helpers/wait.js';
import { HOUR, MINUTE, startPlanEnv, type PlanEnv } from '../plans/plan-env.js';

const ADD = '/ip/hotspot/user/add';
const adds = () => (env.mock.stats.commands[ADD] ?? 0) - addsBefore;
const routerUsers = () => env.mock.state.items('/ip/hotspot/user');

let env: PlanEnv;
let deps: VoucherDeps;
/** The most commands the service had in flight on the router at once. */
let maxInFlight = 0;
let addsBefore = 0;
beforeAll(async () => {
  env = await startPlanEnv();
  let inFlight = 0;
  const counting =
    (exec: RouterExec): RouterExec =>
    async (path, params) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await exec(path, params);
      } finally {
        inFlight--;
      }
    };
  deps = {
    db: env.testDb.db,
    secrets: env.secrets,
    now: env.now,
    routerExecFor: async (routerId) => counting(await env.services.routerExecForId(routerId)),
  };
});
afterAll(() => env.close());
// One world for the file (a database and a router take seconds to start); each test starts empty.
beforeEach(() => {
  maxInFlight = 0;
  addsBefore = env.mock.stats.commands[ADD] ?? 0;
});
afterEach(async () => {
  env.mock.faults.clear();
  for (const user of routerUsers()) env.mock.state.remove('/ip/hotspot/user', user['.id']!);
  const { db } = env.testDb;
  await db.deleteFrom('hotspot_user_events').execute();
  await db.deleteFrom('transacciones').execute();
  await db.deleteFrom('voucher_batches').execute();
  await updateProduct(db, env.shop.plan.id, env.shop.company.id, { ...planLimits({}), price_cents: env.shop.plan.price_cents });
});

const vouchersOf = async (batch: BatchRow, status?: VoucherStatus) =>
  (await listVouchers(env.testDb.db, batch.empresa_id, { batchId: batch.id, status }, { limit: 5000, offset: 0 })).rows;
const request = (count: number, extra: { prefix?: string; userKind?: 'pin' | 'usuario_contrasena' } = {}) => ({
  companyId: env.shop.company.id,
  product: env.shop.plan,
  count,
  userKind: extra.userKind ?? 'usuario_contrasena',
  prefix: extra.prefix,
  createdBy: null,
});

/** Every unsold or sold voucher has exactly one user on the router, with its name; and no other user exists. */
async function expectRouterMatchesDatabase(batch: BatchRow): Promise<void> {
  const users = routerUsers();
  const recorded = (await vouchersOf(batch)).filter((v) => v.state === 'unsold' || v.state === 'sold');
  for (const voucher of recorded) {
    const mine = users.filter((u) => u.comment === `hotspot-pagos tx=${voucher.id}`);
    expect(mine.map((u) => [u.name, u['.id']])).toEqual([[voucher.hotspot_username, voucher.router_user_id]]);
  }
  expect(users).toHaveLength(recorded.length);
}

describe('a batch', () => {
  it('adds every user in one pipelined burst, with the plan profile and limits, from the unambiguous alphabet', async () => {
    const product = await updateProduct(
      env.testDb.db,
      env.shop.plan.id,
      env.shop.company.id,
      planLimits({ limite_tiempo: '3h', limite_datos_mb: 200 }),
    );
    const batch = await createVoucherBatch(deps, { ...request(60, { prefix: 'lobby-' }), product: product! });
    expect(batch).toMatchObject({ state: 'ready', size: 60, amount_cents: 1999, login_url: 'http://10.5.50.1/login' });
    expect(adds()).toBe(60);
    // All 60 adds (and the two prints of the login page's address) were on the wire together.
    expect(maxInFlight).toBe(62);
    const vouchers = await vouchersOf(batch);
    expect(vouchers.map((v) => v.number)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(vouchers.every((v) => v.state === 'unsold')).toBe(true);
    for (const v of vouchers) expect(v.hotspot_username).toMatch(/^lobby-[abcdefghjkmnpqrstuvwxyz23456789]{10}$/);
    expect(routerUsers()[0]).toMatchObject({ profile: '1h', 'limit-uptime': '3h', 'limit-bytes-total': String(200 * 1_048_576) });
    expect(new Set(routerUsers().map((u) => u.password)).size).toBe(60);
    await expectRouterMatchesDatabase(batch);
  });

  it('PIN vouchers: the PIN is the user name and the password', async () => {
    const batch = await createVoucherBatch(deps, request(5, { userKind: 'pin' }));
    for (const user of routerUsers()) {
      expect(user.name).toMatch(/^[1-9]\d{9}$/);
      expect(user.password).toBe(user.name);
    }
    expect(batch.user_kind).toBe('pin');
  });

  it('the router drops mid-batch: the batch is kept, then resumed: each voucher on the router and in the database, once', async () => {
    env.mock.faults.set({ dropAfterCommands: { command: ADD, count: 20 } });
    const failed = await createVoucherBatch(deps, request(50)).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(BatchInterruptedError);
    const batchId = (failed as BatchInterruptedError).batchId;
    const [batch] = await env.testDb.db.selectFrom('voucher_batches').selectAll().where('id', '=', batchId).execute();
    expect(batch!.state).toBe('creating');
    // The router ran 20 adds; the 20th never answered, so 19 are recorded and 31 still `creating`.
    expect(routerUsers()).toHaveLength(20);
    expect(await vouchersOf(batch!, 'unsold')).toHaveLength(19);
    expect(await vouchersOf(batch!, 'creating')).toHaveLength(31);
    // Reconciliation's sweep leaves a batch's users alone, finished or not.
    expect(await sweepStrayUsers(env.reconcileDeps, (f) => expect.fail(String(f.error)))).toBe(0);

    env.mock.faults.clear();
    const addsThen = adds();
    const resumed = await resumeVoucherBatch(deps, batch!);
    expect(resumed.state).toBe('ready');
    expect(adds() - addsThen).toBe(30);
    expect(await vouchersOf(batch!, 'unsold')).toHaveLength(50);
    await expectRouterMatchesDatabase(batch!);
    // Resuming a finished batch does nothing.
    expect((await resumeVoucherBatch(deps, resumed)).state).toBe('ready');
    expect(adds() - addsThen).toBe(30);
  });

  it('a crash between the burst and its record: resuming finds every user on the router and adds none again', async () => {
    const crash = new Error('crash');
    const failed = await createVoucherBatch(
      {
        ...deps,
        checkpoint: () => {
          throw crash;
        },
      },
      request(10),
    ).catch((error: unknown) => error);
    expect(failed).toBe(crash);
    const [batch] = await env.testDb.db.selectFrom('voucher_batches').selectAll().execute();
    expect(await vouchersOf(batch!, 'creating')).toHaveLength(10);
    // The crashed process's lease ends before another may resume.
    env.advance(3 * 60_000);
    await resumeVoucherBatch(deps, batch!);
    expect(adds()).toBe(10);
    expect(await vouchersOf(batch!, 'unsold')).toHaveLength(10);
    await expectRouterMatchesDatabase(batch!);
  });
});

describe('a batch nobody resumed', () => {
  it('a crash mid-creation is finished by reconciliation once its lease ends: every voucher created once, even with two passes racing', async () => {
    const crash = new Error('crash');
    const failed = await createVoucherBatch(
      {
        ...deps,
        checkpoint: () => {
          throw crash;
        },
      },
      request(25),
    ).catch((error: unknown) => error);
    expect(failed).toBe(crash);
    const [batch] = await env.testDb.db.selectFrom('voucher_batches').selectAll().execute();
    expect(batch!.state).toBe('creating');
    expect(adds()).toBe(25);
    const reconcile: ReconcileDeps = { ...env.reconcileDeps, now: env.now };

    // Within the lease its maker may still be at work: left alone.
    expect((await reconcileOnce(reconcile, DEFAULT_RECONCILE_OPTIONS)).batchesResumed).toEqual([]);
    expect(await vouchersOf(batch!, 'creating')).toHaveLength(25);

    env.advance(3 * 60_000);
    const passes = await Promise.all([
      reconcileOnce(reconcile, DEFAULT_RECONCILE_OPTIONS),
      reconcileOnce(reconcile, DEFAULT_RECONCILE_OPTIONS),
    ]);
    expect(passes.flatMap((p) => p.batchesResumed)).toEqual([batch!.id]);
    expect(passes.flatMap((p) => p.failures)).toEqual([]);
    // The users the crashed burst added were found, none added again.
    expect(adds()).toBe(25);
    expect(await vouchersOf(batch!, 'unsold')).toHaveLength(25);
    await expectRouterMatchesDatabase(batch!);
    const [after] = await env.testDb.db.selectFrom('voucher_batches').selectAll().execute();
    expect(after).toMatchObject({ state: 'ready', lease_until: null, login_url: 'http://10.5.50.1/login' });

    env.advance(3 * 60_000);
    expect((await reconcileOnce(reconcile, DEFAULT_RECONCILE_OPTIONS)).batchesResumed).toEqual([]);
    expect(adds()).toBe(25);
  });
});

describe('over the counter', () => {
  it('sold singly and by range: paid voucher sales at the price printed, once; revoked ones leave the router and never sell', async () => {
    const batch = await createVoucherBatch(deps, request(10));
    const vouchers = await vouchersOf(batch);
    // A later price change does not change what the printed vouchers sell for.
    await updateProduct(env.testDb.db, env.shop.plan.id, env.shop.company.id, { price_cents: 5000 });
    const soldAt = env.now();
    const one = await sellSelected(deps, batch.empresa_id, { voucherId: vouchers[0]!.id });
    expect(one.map((v) => v.number)).toEqual([1]);
    const range = await sellSelected(deps, batch.empresa_id, { batchId: batch.id, from: 1, to: 4 });
    expect(range.map((v) => v.number)).toEqual([2, 3, 4]);
    const sale = await findTransaction(env.testDb.db, vouchers[0]!.id);
    expect(sale).toMatchObject({
      channel: 'voucher',
      state: 'paid',
      paid_at: soldAt,
      settled_at: soldAt,
      amount_cents: 1999,
      gateway: null,
      router_id: batch.router_id,
      hotspot_username: vouchers[0]!.hotspot_username,
      router_user_id: vouchers[0]!.router_user_id,
    });
    // Another empresa's selection finds nothing.
    expect(await sellSelected(deps, 'EMP_OTHER', { batchId: batch.id })).toEqual([]);

    const revoked = await revokeSelected(deps, batch.empresa_id, batch.router_id, { batchId: batch.id, from: 3, to: 6 });
    expect(revoked.map((v) => v.number)).toEqual([5, 6]);
    expect(routerUsers()).toHaveLength(8);
    expect(await sellSelected(deps, batch.empresa_id, { batchId: batch.id, from: 5, to: 6 })).toEqual([]);
    const paid = await env.testDb.db
      .selectFrom('transacciones')
      .select('id')
      .where('channel', '=', 'voucher')
      .where('state', '=', 'paid')
      .execute();
    expect(paid).toHaveLength(4);
    await expectRouterMatchesDatabase(batch);
  });

  it('a revoke the router did not take is finished by reconciliation: only the revoked user goes', async () => {
    const batch = await createVoucherBatch(deps, request(3));
    env.mock.faults.set({ trapReplyTo: { '/ip/hotspot/user/remove': 'failure: router busy' } });
    await expect(revokeSelected(deps, batch.empresa_id, batch.router_id, { batchId: batch.id, from: 1, to: 1 })).rejects.toThrow(/busy/);
    env.mock.faults.clear();
    expect(routerUsers()).toHaveLength(3);
    expect(await sweepStrayUsers(env.reconcileDeps, (f) => expect.fail(String(f.error)))).toBe(1);
    expect(routerUsers()).toHaveLength(2);
    await expectRouterMatchesDatabase(batch);
  });

  it('a sold voucher is usado at its first login and expirado when its validity ends', async () => {
    const product = await updateProduct(
      env.testDb.db,
      env.shop.plan.id,
      env.shop.company.id,
      planLimits({ vigencia: '2h', vigencia_desde: 'primer_login' }),
    );
    const batch = await createVoucherBatch(deps, { ...request(2), product: product! });
    const [first] = await vouchersOf(batch);
    await sellSelected(deps, batch.empresa_id, { voucherId: first!.id });
    expect((await vouchersOf(batch, 'sold')).map((v) => v.id)).toEqual([first!.id]);

    const watchers = env.watchers();
    try {
      await watchers.sync([batch.router_id]);
      await waitFor(() => (env.mock.stats.commands['/ip/hotspot/active/listen'] ?? 0) > 0, 'the listen');
      const sale = (await findTransaction(env.testDb.db, first!.id))!;
      await env.login(sale, env.secrets.open(first!.hotspot_password_sealed));
      await waitFor(async () => (await vouchersOf(batch, 'used')).length === 1, 'the first login');
    } finally {
      await watchers.stop();
    }
    env.advance(2 * HOUR);
    expect((await env.sweep()).removed).toEqual([first!.id]);
    expect((await vouchersOf(batch, 'expired')).map((v) => v.id)).toEqual([first!.id]);
    expect(await vouchersOf(batch, 'unsold')).toHaveLength(1);
  });

  it('a voucher used before it was marked sold is sold at its first login (heard live, or caught up after the service was down), then usado', async () => {
    const product = await updateProduct(
      env.testDb.db,
      env.shop.plan.id,
      env.shop.company.id,
      planLimits({ vigencia: '2h', vigencia_desde: 'primer_login' }),
    );
    const batch = await createVoucherBatch(deps, { ...request(3), product: product! });
    const [live, early, untouched] = await vouchersOf(batch);
    const logIn = (v: typeof live, mac: string) =>
      env.exec('/ip/hotspot/active/login', {
        user: v!.hotspot_username,
        password: env.secrets.open(v!.hotspot_password_sealed),
        'mac-address': mac,
        ip: '10.5.50.9',
      });
    // Nothing sold, yet its router is listened to: its unsold vouchers may be used any time.
    expect(await routersAwaitingLogin(env.testDb.db)).toContain(batch.router_id);

    // One card is used while the service is not listening; ten minutes later the listener starts.
    const earlyLogin = env.now();
    await logIn(early, 'AA:BB:CC:00:0B:01');
    env.advance(10 * MINUTE);
    const watchers = env.watchers();
    try {
      await watchers.sync([batch.router_id]);
      await waitFor(async () => (await vouchersOf(batch, 'used')).length === 1, 'the caught-up login');
      const liveLogin = env.now();
      await logIn(live, 'AA:BB:CC:00:0B:02');
      await waitFor(async () => (await vouchersOf(batch, 'used')).length === 2, 'the live login');
      for (const [voucher, at] of [
        [early, earlyLogin],
        [live, liveLogin],
      ] as const) {
        const sale = (await findTransaction(env.testDb.db, voucher!.id))!;
        // Sold (its money counts) when its first login began, at the printed price; its validity runs from that login.
        expect(sale).toMatchObject({
          channel: 'voucher',
          state: 'paid',
          amount_cents: 1999,
          gateway: null,
          paid_at: at,
          first_login_at: at,
          user_state: 'active',
          expires_at: new Date(at.getTime() + 2 * HOUR),
          reason: expect.stringMatching(/primer acceso/),
        });
      }
    } finally {
      await watchers.stop();
    }
    // Marking them sold afterwards sells nothing twice; the unused card is still for sale.
    expect(await sellSelected(deps, batch.empresa_id, { batchId: batch.id, from: 1, to: 2 })).toEqual([]);
    expect((await vouchersOf(batch, 'unsold')).map((v) => v.id)).toEqual([untouched!.id]);
    const sales = await env.testDb.db.selectFrom('transacciones').select('id').where('channel', '=', 'voucher').execute();
    expect(sales.map((r) => r.id).sort()).toEqual([live!.id, early!.id].sort());
  });
});
