/**
 * Plans that end (issue 13), end to end against the mock router on a clock the test moves: limits
 * on the router, validity from the purchase and from the first login (heard live, or caught up
 * after the listen was down), used-up users, a sweep that dies halfway, two sweeps at once, users
 * made by hand, and an admin extending or ending a user.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEventsOf } from '../../src/db/plan-users.js';
import { commentFor, type RouterExec } from '../../src/payments/hotspot-users.js';
import type { TransactionRow } from '../../src/db/transactions.js';
import { RouterPool } from '../../src/routers/pool.js';
import { routerTarget } from '../../src/routers/target.js';
import { insertUser } from '../../src/db/users.js';
import { extendValidity, terminateUser, UserActionError, type UserActionDeps } from '../../src/plans/user-actions.js';
import { waitFor } from '../helpers/wait.js';
import { HOUR, MINUTE, startPlanEnv, type PlanEnv } from './plan-env.js';

let env: PlanEnv;
beforeEach(async () => {
  env = await startPlanEnv();
});
afterEach(() => env.close());

const sessionsOf = (name: string) => env.mock.state.items('/ip/hotspot/active').filter((s) => s.user === name);
const removes = () => env.mock.stats.commands['/ip/hotspot/user/remove'] ?? 0;

describe('limits on the router', () => {
  it('the one add carries limit-uptime and limit-bytes-total (MB = 1,048,576 bytes)', async () => {
    const addsBefore = env.mock.stats.commands['/ip/hotspot/user/add'] ?? 0;
    const { tx } = await env.buy({ limite_tiempo: '01:30:00', limite_datos_mb: 500 });
    expect(env.mock.stats.commands['/ip/hotspot/user/add']! - addsBefore).toBe(1);
    expect(env.usersOf(tx.id)).toMatchObject([{ 'limit-uptime': '1h30m', 'limit-bytes-total': '524288000' }]);
    expect(tx).toMatchObject({ time_limit: '1h30m', data_limit_mb: 500, user_state: 'unused', expires_at: null });
  });

  it('a plan without limits sells as before: no limit on the user, nothing for the sweep', async () => {
    const { tx } = await env.buy({});
    expect(env.usersOf(tx.id)[0]).not.toHaveProperty('limit-uptime');
    expect(env.usersOf(tx.id)[0]).not.toHaveProperty('limit-bytes-total');
    env.advance(400 * 24 * HOUR);
    const report = await env.sweep();
    expect(report.roundTrips).toEqual({});
    expect(env.usersOf(tx.id)).toHaveLength(1);
  });
});

describe('validity from the purchase', () => {
  it('ends on time: the user is removed and its session ended, in two round trips', async () => {
    // Shorter than the profile's 1 h session timeout, so the session is still running at expiry.
    const { tx, password } = await env.buy({ vigencia: '30m', vigencia_desde: 'compra' });
    expect(tx.expires_at?.getTime()).toBe(env.now().getTime() + 30 * MINUTE);
    await env.login(tx, password);
    env.advance(30 * MINUTE - 1000);
    expect((await env.sweep()).removed).toEqual([]);
    expect(sessionsOf(tx.hotspot_username)).toHaveLength(1);

    env.advance(1000);
    const report = await env.sweep();
    expect(report).toMatchObject({ removed: [tx.id], sessionsEnded: 1, roundTrips: { [tx.router_id]: 2 } });
    expect(env.usersOf(tx.id)).toEqual([]);
    expect(sessionsOf(tx.hotspot_username)).toEqual([]);
    const stored = await env.reload(tx);
    expect(stored).toMatchObject({ user_state: 'expired', user_removed_at: env.now() });
    expect((await userEventsOf(env.testDb.db, tx.id)).map((e) => e.kind)).toEqual(['expired']);
    // Nothing left to do: the next sweep sends no remove.
    const before = removes();
    await env.sweep();
    expect(removes()).toBe(before);
  });
});

describe('validity from the first login', () => {
  it('starts at the login the listen heard', async () => {
    const { tx, password } = await env.buy({ vigencia: '2h', vigencia_desde: 'primer_login' });
    expect(tx.expires_at).toBeNull();
    const watchers = env.watchers();
    try {
      await watchers.sync([tx.router_id]);
      await waitFor(() => (env.mock.stats.commands['/ip/hotspot/active/listen'] ?? 0) > 0, 'the listen');
      env.advance(30 * MINUTE);
      const loginAt = env.now();
      await env.login(tx, password);
      await waitFor(async () => (await env.reload(tx)).first_login_at !== null, 'the first login');
      const stored = await env.reload(tx);
      expect(stored).toMatchObject({
        first_login_at: loginAt,
        expires_at: new Date(loginAt.getTime() + 2 * HOUR),
        user_state: 'active',
      });
    } finally {
      await watchers.stop();
    }
    env.advance(2 * HOUR);
    expect((await env.sweep()).removed).toEqual([tx.id]);
  });

  it('starts at the time the router reports when the listen was down at that moment', async () => {
    const { tx, password } = await env.buy({ vigencia: '2h', vigencia_desde: 'primer_login' });
    const loginAt = env.now();
    await env.login(tx, password);
    env.advance(40 * MINUTE);
    const watchers = env.watchers();
    try {
      await watchers.sync([tx.router_id]);
      await waitFor(async () => (await env.reload(tx)).first_login_at !== null, 'the catch-up');
    } finally {
      await watchers.stop();
    }
    expect(await env.reload(tx)).toMatchObject({ first_login_at: loginAt, expires_at: new Date(loginAt.getTime() + 2 * HOUR) });
  });
});

describe('validity from a first login the listen missed entirely', () => {
  const logout = (name: string) => env.exec('/ip/hotspot/active/remove', { numbers: sessionsOf(name)[0]!['.id']! });

  /** The listen heard nothing while `offline` ran (the service restarting, the link down), then listens again. */
  async function listenerDownDuring(tx: { router_id: string }, offline: () => Promise<void>) {
    const watchers = env.watchers();
    try {
      await watchers.sync([tx.router_id]);
      await waitFor(() => (env.mock.stats.commands['/ip/hotspot/active/listen'] ?? 0) > 0, 'the listen');
      await watchers.sync([]);
      await offline();
      await watchers.sync([tx.router_id]);
      await waitFor(async () => (await env.reload(tx as TransactionRow)).first_login_at !== null, 'the catch-up');
    } finally {
      await watchers.stop();
    }
  }

  it("a login and logout while nobody listened start the clock from the user's counters; it ends on time", async () => {
    const { tx, password } = await env.buy({ vigencia: '2h', vigencia_desde: 'primer_login' });
    let loginAt = env.now();
    await listenerDownDuring(tx, async () => {
      loginAt = env.now();
      await env.login(tx, password);
      env.advance(20 * MINUTE);
      await logout(tx.hotspot_username);
      env.advance(10 * MINUTE);
    });
    // The router says 20 min were used: the first login was 20 min ago at the latest (10 min after the real one).
    const startedAt = new Date(loginAt.getTime() + 10 * MINUTE);
    expect(await env.reload(tx)).toMatchObject({
      first_login_at: startedAt,
      expires_at: new Date(startedAt.getTime() + 2 * HOUR),
      user_state: 'active',
    });
    const events = await userEventsOf(env.testDb.db, tx.id);
    expect(events.map((e) => [e.kind, e.at])).toEqual([['first_login', startedAt]]);

    // Now is 20 min after that start.
    env.advance(2 * HOUR - 20 * MINUTE - 1000);
    expect((await env.sweep()).removed).toEqual([]);
    env.advance(1000);
    expect((await env.sweep()).removed).toEqual([tx.id]);
    expect(env.usersOf(tx.id)).toEqual([]);
  });

  it('ended sessions and the current one add up', async () => {
    const { tx, password } = await env.buy({ vigencia: '1d', vigencia_desde: 'primer_login' });
    let loginAt = env.now();
    await listenerDownDuring(tx, async () => {
      loginAt = env.now();
      await env.login(tx, password);
      env.advance(10 * MINUTE);
      await logout(tx.hotspot_username);
      env.advance(5 * MINUTE);
      await env.login(tx, password);
      env.advance(15 * MINUTE);
    });
    // 10 min + 15 min connected in the last 30 min: 25 min ago at the latest.
    expect((await env.reload(tx)).first_login_at).toEqual(new Date(loginAt.getTime() + 5 * MINUTE));
  });

  it("a hand-made namesake's counters start nothing", async () => {
    const { tx, password } = await env.buy({ vigencia: '1d', vigencia_desde: 'primer_login' });
    // Used for 10 min, then taken over by hand (its comment no longer names the sale).
    await env.login(tx, password);
    env.advance(10 * MINUTE);
    await logout(tx.hotspot_username);
    await env.exec('/ip/hotspot/user/set', { numbers: env.usersOf(tx.id)[0]!['.id']!, comment: 'puesto a mano' });
    // Another sale logging in once the listen runs: when it is recorded, the catch-up is over.
    const other = await env.buy({ vigencia: '1d', vigencia_desde: 'primer_login' });
    const watchers = env.watchers();
    try {
      await watchers.sync([tx.router_id]);
      await waitFor(() => (env.mock.stats.commands['/ip/hotspot/active/listen'] ?? 0) > 0, 'the listen');
      await env.login(other.tx, other.password);
      await waitFor(async () => (await env.reload(other.tx)).first_login_at !== null, 'the other login');
    } finally {
      await watchers.stop();
    }
    expect((await env.reload(tx)).first_login_at).toBeNull();
  });
});

describe('the sweep', () => {
  it('dies after removing, before recording: the next sweep after the lease records them, each user removed once', async () => {
    const sold = await Promise.all([1, 2, 3].map(() => env.buy({ vigencia: '1h' })));
    env.advance(HOUR);
    const before = removes();
    const crash = new Error('killed mid-sweep');
    await expect(
      env.sweep(
        {},
        {
          checkpoint: () => {
            throw crash;
          },
        },
      ),
    ).rejects.toBe(crash);
    expect(removes() - before).toBe(3);
    for (const { tx } of sold) {
      expect(env.usersOf(tx.id)).toEqual([]);
      expect((await env.reload(tx)).user_removed_at).toBeNull();
    }
    // Still leased: another sweep now leaves them alone.
    expect((await env.sweep()).alreadyGone).toEqual([]);
    env.advance(5 * MINUTE + 1);
    const report = await env.sweep();
    expect(report.removed).toEqual([]);
    expect(report.alreadyGone.sort()).toEqual(sold.map(({ tx }) => tx.id).sort());
    expect(removes() - before).toBe(3);
    for (const { tx } of sold) expect((await env.reload(tx)).user_state).toBe('expired');
  });

  it('two instances sweeping at once remove each user once', async () => {
    const sold = await Promise.all(Array.from({ length: 12 }, () => env.buy({ vigencia: '30m' })));
    env.advance(HOUR);
    const before = removes();
    // The second instance has its own connection to the router, as another process would.
    const otherPool = new RouterPool({ timeoutMs: 1000, idleMs: 60_000 });
    const otherExec: RouterExec = (path, params) => otherPool.exec(routerTarget(env.shop.router, env.secrets), path, params);
    const [a, b] = await Promise.all([
      env.sweep({ batchSize: 7 }),
      env.sweep({ batchSize: 7 }, { routerExecFor: async () => otherExec }),
    ]).finally(() => otherPool.close());
    const removed = [...a.removed, ...b.removed];
    expect(new Set(removed).size).toBe(removed.length);
    const third = await env.sweep();
    const all = [...removed, ...third.removed].sort();
    expect(all).toEqual(sold.map(({ tx }) => tx.id).sort());
    expect(removes() - before).toBe(12);
  });

  it('never touches a user made by hand on the router, nor its session', async () => {
    const { tx } = await env.buy({ vigencia: '1h' });
    const handMade = env.mock.state.add('/ip/hotspot/user', { name: 'vip', password: 'x', profile: 'default', comment: 'puesto a mano' });
    const bare = env.mock.state.add('/ip/hotspot/user', { name: 'staff', password: 'y', profile: 'default' });
    // A hand-made user whose comment names a transaction the service does not have.
    const lookalike = env.mock.state.add('/ip/hotspot/user', { name: 'ghost', password: 'z', comment: commentFor('TRX_0000000000000000') });
    await env.exec('/ip/hotspot/active/login', { user: 'vip', password: 'x', 'mac-address': 'AA:BB:CC:00:00:77', ip: '10.5.50.77' });
    env.advance(400 * 24 * HOUR);
    const report = await env.sweep();
    expect(report.removed).toEqual([tx.id]);
    const ids = env.mock.state.items('/ip/hotspot/user').map((u) => u['.id']);
    expect(ids).toEqual(expect.arrayContaining([handMade, bare, lookalike]));
    expect(sessionsOf('vip')).toHaveLength(1);
  });

  it('marks a used-up user agotado and removes it after the retention', async () => {
    const { tx, password } = await env.buy({ limite_tiempo: '30m', limite_datos_mb: 100 });
    await env.login(tx, password);
    env.advance(30 * MINUTE);
    expect(sessionsOf(tx.hotspot_username)).toEqual([]);
    const first = await env.sweep({ retentionMs: HOUR });
    expect(first.exhausted).toEqual([tx.id]);
    expect(await env.reload(tx)).toMatchObject({ user_state: 'exhausted', exhausted_at: env.now(), user_removed_at: null });
    expect(env.usersOf(tx.id)).toHaveLength(1);

    env.advance(HOUR);
    const second = await env.sweep({ retentionMs: HOUR });
    expect(second.removed).toEqual([tx.id]);
    expect(env.usersOf(tx.id)).toEqual([]);
    expect(await env.reload(tx)).toMatchObject({ user_state: 'exhausted', user_removed_at: env.now() });
  });

  it('counts data too: a user whose bytes reach limit-bytes-total is agotado', async () => {
    const { tx, password } = await env.buy({ limite_datos_mb: 1 });
    await env.login(tx, password, 'AA:BB:CC:00:01:01');
    env.mock.traffic('AA:BB:CC:00:01:01', 24_576, 1_048_576);
    expect(sessionsOf(tx.hotspot_username)).toEqual([]);
    expect((await env.sweep()).exhausted).toEqual([tx.id]);
  });

  it('a router that does not answer is left for the next sweep, its users unclaimed', async () => {
    const { tx } = await env.buy({ vigencia: '1h' });
    env.advance(HOUR);
    env.mock.faults.set({ stallCommands: ['/ip/hotspot/user/print'] });
    const errors: string[] = [];
    const stalled = await env.sweep({}, { onError: (routerId) => errors.push(routerId) });
    expect(stalled).toMatchObject({ removed: [], deferredRouters: [tx.router_id] });
    expect(errors).toEqual([tx.router_id]);
    expect((await env.reload(tx)).expiry_lease_until).toBeNull();
    env.mock.faults.clear();
    expect((await env.sweep()).removed).toEqual([tx.id]);
  });
});

describe('an admin extends or ends a user', () => {
  let adminId: number;
  let deps: UserActionDeps;
  beforeEach(async () => {
    const admin = await insertUser(env.testDb.db, {
      email: 'admin@plaza.example',
      password_hash: 'not-used',
      nombre: 'Admin',
      rol: 'cliente_admin',
      empresa_id: env.shop.company.id,
    });
    adminId = admin.id;
    deps = { db: env.testDb.db, now: env.now, routerExecFor: async () => env.exec };
  });

  it('extends: expires_at moves, the sweep waits for the new time, the change is recorded', async () => {
    const { tx } = await env.buy({ vigencia: '1h' });
    env.advance(30 * MINUTE);
    const extended = await extendValidity(deps, await env.reload(tx), (2 * HOUR) / 1000, adminId);
    expect(extended).toMatchObject({ expires_at: new Date(tx.expires_at!.getTime() + 2 * HOUR), validity: '3h' });
    env.advance(HOUR);
    expect((await env.sweep()).removed).toEqual([]);
    env.advance(2 * HOUR);
    expect((await env.sweep()).removed).toEqual([tx.id]);
    const events = await userEventsOf(env.testDb.db, tx.id);
    expect(events.map((e) => [e.kind, e.detail, e.user_id])).toEqual([
      ['extended', '+2h', adminId],
      ['expired', null, null],
    ]);
  });

  it('before the first login, extending lengthens the validity still to start', async () => {
    const { tx } = await env.buy({ vigencia: '1d', vigencia_desde: 'primer_login' });
    const extended = await extendValidity(deps, tx, 86_400, adminId);
    expect(extended).toMatchObject({ expires_at: null, validity: '2d', validity_seconds: 2 * 86_400 });
  });

  it('ends now: the user is removed, its session logged out, recorded eliminado; a second end is refused', async () => {
    const { tx, password } = await env.buy({ vigencia: '7d', limite_tiempo: '3h' });
    await env.login(tx, password);
    const ended = await terminateUser(deps, tx, adminId);
    expect(ended).toMatchObject({ user_state: 'removed', user_removed_at: env.now() });
    expect(env.usersOf(tx.id)).toEqual([]);
    expect(sessionsOf(tx.hotspot_username)).toEqual([]);
    await expect(terminateUser(deps, ended, adminId)).rejects.toBeInstanceOf(UserActionError);
    await expect(extendValidity(deps, ended, 60, adminId)).rejects.toMatchObject({ reason: 'removed' });
    expect((await env.sweep()).removed).toEqual([]);
  });
});
