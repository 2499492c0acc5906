import { TEST_TOKENS, DECLINE_REASON } from '@hotspot/fake-gateways';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTransaction } from '../../src/db/transactions.js';
import type { RouterExec } from '../../src/payments/hotspot-users.js';
import { runPurchase } from '../../src/payments/purchase.js';
import { startPurchaseEnv, type PurchaseEnv } from './env.js';

let env: PurchaseEnv;
beforeAll(async () => {
  env = await startPurchaseEnv();
});
afterAll(() => env.close());

/** Commands the router ran, not counting logins (a new connection's, not the purchase's). */
const routerCommands = () => Object.entries(env.mock.stats.commands).reduce((sum, [path, n]) => (path === '/login' ? sum : sum + n), 0);

describe('runPurchase', () => {
  it.each(['conekta', 'mercadopago'] as const)(
    'approved through %s: the user exists with the plan profile, one add, password sealed',
    async (gateway) => {
      const addsBefore = env.mock.stats.commands['/ip/hotspot/user/add'] ?? 0;
      const commandsBefore = routerCommands();
      const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.approve, gateway));
      expect(outcome.kind).toBe('paid');
      if (outcome.kind !== 'paid') return;
      const tx = outcome.transaction;
      expect(tx).toMatchObject({ state: 'paid', amount_cents: 1999, gateway, hotspot_username: outcome.credentials.username });
      expect(tx.settled_at).not.toBeNull();
      expect(env.usersOf(tx.id)).toMatchObject([
        { name: outcome.credentials.username, password: outcome.credentials.password, profile: '1h', disabled: 'false' },
      ]);
      expect(env.chargesOf(tx.id)).toMatchObject([{ amountCents: 1999, status: 'approved' }]);
      // One router round trip in the happy path: the add, nothing else.
      expect((env.mock.stats.commands['/ip/hotspot/user/add'] ?? 0) - addsBefore).toBe(1);
      expect(routerCommands() - commandsBefore).toBe(1);
      const stored = await findTransaction(env.testDb.db, tx.id);
      expect(stored?.hotspot_password_sealed).not.toContain(outcome.credentials.password);
      expect(env.secrets.open(stored!.hotspot_password_sealed)).toBe(outcome.credentials.password);
    },
  );

  it('PIN mode: a numeric PIN of at least 8 digits as user and password', async () => {
    const outcome = await runPurchase(env.deps, env.exec, { ...env.order(TEST_TOKENS.approve), userKind: 'pin' });
    expect(outcome.kind).toBe('paid');
    if (outcome.kind !== 'paid') return;
    expect(outcome.credentials.username).toMatch(/^\d{8,}$/);
    expect(env.usersOf(outcome.transaction.id)[0]?.password).toBe(outcome.credentials.username);
  });

  it('declined: the user is removed and the reason kept', async () => {
    const outcome = await runPurchase(env.deps, env.exec, env.order(TEST_TOKENS.decline));
    expect(outcome).toMatchObject({ kind: 'declined', reason: DECLINE_REASON });
    expect(outcome.transaction).toMatchObject({ state: 'declined', reason: DECLINE_REASON });
    expect(outcome.transaction.settled_at).not.toBeNull();
    expect(env.usersOf(outcome.transaction.id)).toEqual([]);
  });

  it.each([TEST_TOKENS.serverError, TEST_TOKENS.hang])(
    'unknown outcome (%s): user kept but disabled, attempt unresolved',
    async (token) => {
      const outcome = await runPurchase(env.deps, env.exec, env.order(token));
      expect(outcome.kind).toBe('unresolved');
      expect(outcome.transaction.state).toBe('unresolved');
      expect(outcome.transaction.settled_at).toBeNull();
      expect(env.usersOf(outcome.transaction.id)).toMatchObject([{ disabled: 'true' }]);
    },
  );

  it('duplicate name: new credentials are generated and the purchase goes through', async () => {
    let trapped = '';
    // Take the first name the purchase picks, so the mock answers with its real duplicate-name trap.
    const racing: RouterExec = async (path, params) => {
      if (path === '/ip/hotspot/user/add' && !trapped) {
        trapped = String((params as Record<string, string>).name);
        env.mock.state.add('/ip/hotspot/user', { name: trapped, password: 'x', profile: 'default' });
      }
      return env.exec(path, params);
    };
    const outcome = await runPurchase(env.deps, racing, env.order(TEST_TOKENS.approve));
    expect(outcome.kind).toBe('paid');
    if (outcome.kind !== 'paid') return;
    expect(outcome.credentials.username).not.toBe(trapped);
    expect(outcome.transaction.hotspot_username).toBe(outcome.credentials.username);
    expect(env.usersOf(outcome.transaction.id)).toHaveLength(1);
  });

  it('router refuses the add (unknown profile): nothing charged, router_failed and settled', async () => {
    const order = { ...env.order(TEST_TOKENS.approve), product: { ...env.shop.plan, perfil_mikrotik_nombre: 'no-such-profile' } };
    const outcome = await runPurchase(env.deps, env.exec, order);
    expect(outcome.kind).toBe('router_failed');
    expect(outcome.transaction.settled_at).not.toBeNull();
    expect(env.chargesOf(outcome.transaction.id)).toEqual([]);
  });

  it('router unreachable: nothing charged, router_failed left for reconciliation to check', async () => {
    const down = env.services.routerExec({ ...env.shop.router, id: 'RTR_DOWN0001', puerto: 1 });
    const outcome = await runPurchase(env.deps, down, env.order(TEST_TOKENS.approve));
    expect(outcome.kind).toBe('router_failed');
    expect(outcome.transaction.settled_at).toBeNull();
    expect(env.chargesOf(outcome.transaction.id)).toEqual([]);
  });
});
