import { ConnectionClosedError, LoginError } from '@hotspot/routeros';
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RouterPool, RouterPoolClosedError } from '../src/routers/pool.js';
import type { RouterTarget } from '../src/routers/target.js';
import { closedPort } from './helpers/net.js';
import { waitFor } from './helpers/wait.js';

let mock: MockRouter;
const pools: RouterPool[] = [];

beforeAll(async () => {
  mock = await startMockRouter({ password: 'pw' });
});
afterEach(async () => {
  mock.faults.clear();
  await Promise.all(pools.splice(0).map((p) => p.close()));
  await waitFor(() => mock.stats.openConnections === 0, 'the mock to see every connection closed');
});
afterAll(() => mock.close());

function pool(options: Partial<ConstructorParameters<typeof RouterPool>[0]> = {}): RouterPool {
  const p = new RouterPool({ timeoutMs: 2000, idleMs: 60_000, ...options });
  pools.push(p);
  return p;
}

const target = (overrides: Partial<RouterTarget> = {}): RouterTarget => ({
  id: 'RTR_00000001',
  host: '127.0.0.1',
  port: mock.port,
  username: 'admin',
  password: 'pw',
  tls: false,
  tlsMode: 'verify-cert',
  tlsCaPem: null,
  ...overrides,
});

describe('RouterPool', () => {
  it('opens one connection on first use and shares it between concurrent commands', async () => {
    const p = pool();
    const before = mock.stats.connectionsAccepted;
    expect(p.size).toBe(0);
    const results = await Promise.all(Array.from({ length: 10 }, () => p.exec(target(), '/system/identity/print')));
    expect(results.every((r) => r.rows[0]?.name === 'MikroTik')).toBe(true);
    await p.exec(target(), '/ip/hotspot/user/profile/print');
    expect(mock.stats.connectionsAccepted - before).toBe(1);
    expect(mock.stats.openConnections).toBe(1);
    expect(p.size).toBe(1);
  });

  it('keeps one connection per router', async () => {
    const p = pool();
    const before = mock.stats.connectionsAccepted;
    await Promise.all([
      p.exec(target({ id: 'RTR_A' }), '/system/identity/print'),
      p.exec(target({ id: 'RTR_B' }), '/system/identity/print'),
    ]);
    expect(mock.stats.connectionsAccepted - before).toBe(2);
    expect(p.size).toBe(2);
  });

  it('closes a connection left idle, and reopens it on the next use', async () => {
    const p = pool({ idleMs: 100 });
    await p.exec(target(), '/system/identity/print');
    expect(mock.stats.openConnections).toBe(1);
    await waitFor(() => mock.stats.openConnections === 0 && p.size === 0, 'the idle connection to close');
    const before = mock.stats.connectionsAccepted;
    await p.exec(target(), '/system/identity/print');
    expect(mock.stats.connectionsAccepted - before).toBe(1);
  });

  it('does not close a connection while a command is in flight, however long', async () => {
    const p = pool({ idleMs: 50 });
    mock.faults.set({ replyDelayMs: 200 });
    const result = await p.exec(target(), '/system/identity/print');
    expect(result.rows[0]?.name).toBe('MikroTik');
  });

  it('replaces the connection when host, port, user, password or TLS settings change', async () => {
    const p = pool();
    await p.exec(target(), '/system/identity/print');
    const before = mock.stats.connectionsAccepted;
    await p.exec(target({ host: 'localhost' }), '/system/identity/print');
    expect(mock.stats.connectionsAccepted - before).toBe(1);
    await waitFor(() => mock.stats.openConnections === 1, 'the old connection to close');
    await expect(p.exec(target({ host: 'localhost', password: 'changed' }), '/system/identity/print')).rejects.toBeInstanceOf(LoginError);
    await waitFor(() => mock.stats.openConnections === 0, 'the connection with the old password to close');
    expect(p.size).toBe(1);
  });

  it('lets a command in flight finish on the old connection when the settings change', async () => {
    const p = pool();
    mock.faults.set({ replyDelayMs: 150 });
    const slow = p.exec(target(), '/system/identity/print');
    await waitFor(
      () => (mock.stats.commands['/system/identity/print'] ?? 0) > 0 && mock.stats.openConnections === 1,
      'the slow command to reach the router',
    );
    const fresh = p.exec(target({ host: 'localhost' }), '/system/identity/print');
    await expect(slow).resolves.toMatchObject({ rows: [{ name: 'MikroTik' }] });
    await expect(fresh).resolves.toMatchObject({ rows: [{ name: 'MikroTik' }] });
    await waitFor(() => mock.stats.openConnections === 1, 'the retired connection to close');
  });

  it('fails fast while a router is unreachable: no pile-up of waiting requests', async () => {
    const p = pool({ reconnect: { initialDelayMs: 5000, maxDelayMs: 5000 } });
    const down = target({ id: 'RTR_DOWN', port: await closedPort() });
    await expect(p.exec(down, '/system/identity/print')).rejects.toThrow();
    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => p.exec(down, '/system/identity/print')));
    expect(Date.now() - started).toBeLessThan(200);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionClosedError);
    }
  });

  it('closes every connection on close, and refuses commands afterwards', async () => {
    const p = pool();
    await Promise.all([
      p.exec(target({ id: 'RTR_A' }), '/system/identity/print'),
      p.exec(target({ id: 'RTR_B' }), '/system/identity/print'),
    ]);
    expect(mock.stats.openConnections).toBe(2);
    await p.close();
    await waitFor(() => mock.stats.openConnections === 0, 'every connection to close');
    await expect(p.exec(target(), '/system/identity/print')).rejects.toBeInstanceOf(RouterPoolClosedError);
  });

  it('evicts one router’s connection on demand', async () => {
    const p = pool();
    await Promise.all([
      p.exec(target({ id: 'RTR_A' }), '/system/identity/print'),
      p.exec(target({ id: 'RTR_B' }), '/system/identity/print'),
    ]);
    await p.evict('RTR_A');
    await waitFor(() => mock.stats.openConnections === 1, 'the evicted connection to close');
    expect(p.size).toBe(1);
  });
});
