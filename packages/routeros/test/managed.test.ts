/** The managed client: lazy connect, reconnect after a drop, fail fast while backing off, never re-send. */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError, ConnectionClosedError, createManagedClient, type ManagedClient } from '../src/index.js';
import { RawPeer } from './helpers/raw-peer.js';

const USERS = '/ip/hotspot/user';
let router: MockRouter;
let managed: ManagedClient;

beforeEach(async () => {
  router = await startMockRouter({ password: 'pw' });
  managed = createManagedClient({
    host: '127.0.0.1',
    port: router.port,
    username: 'admin',
    password: 'pw',
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
  });
});

afterEach(async () => {
  await managed.close();
  await router.close();
});

describe('createManagedClient', () => {
  it('connects only on first use', async () => {
    expect(router.stats.connectionsAccepted).toBe(0);
    expect(managed.connected).toBe(false);
    const { rows } = await managed.exec('/system/identity/print');
    expect(rows).toEqual([{ name: router.state.identity }]);
    expect(managed.connected).toBe(true);
    await managed.exec('/system/identity/print');
    expect(router.stats.connectionsAccepted).toBe(1);
  });

  it('rejects the command in flight on a drop, never re-sends it, and reconnects by itself', async () => {
    await managed.exec('/system/identity/print');
    router.faults.set({ dropMidReplyTo: `${USERS}/add` });
    await expect(managed.exec(`${USERS}/add`, { name: 'once' })).rejects.toBeInstanceOf(ConnectionClosedError);
    router.faults.clear();
    await expect.poll(() => managed.connected).toBe(true);
    expect(router.stats.connectionsAccepted).toBe(2);
    expect((await managed.exec(`${USERS}/print`, { '?name': 'once' })).rows).toHaveLength(1);
    expect(router.stats.commands[`${USERS}/add`]).toBe(1);
  });

  it('streams over the managed connection; the tag is known once the command was sent', async () => {
    const stream = managed.stream(`${USERS}/listen`);
    expect(stream.tag).toBe('');
    const iterator = stream[Symbol.asyncIterator]();
    const first = iterator.next();
    await expect.poll(() => router.stats.commands[`${USERS}/listen`]).toBe(1);
    expect(stream.tag).toMatch(/^\d+$/);
    await managed.exec(`${USERS}/add`, { name: 'seen' });
    expect((await first).value).toMatchObject({ name: 'seen' });
    await stream.cancel();
    await expect(stream.done).resolves.toEqual({ done: {}, empty: false });
  });

  it('lets a signal abort a call that waits for the connection, and close() stops the attempt', async () => {
    const silent = await RawPeer.start();
    const client = createManagedClient({ host: '127.0.0.1', port: silent.port, username: 'admin', timeout: 5_000 });
    try {
      const controller = new AbortController();
      const waiting = client.exec('/system/identity/print', {}, { signal: controller.signal });
      await (await silent.nextConnection()).nextSentence();
      controller.abort();
      await expect(waiting).rejects.toBeInstanceOf(AbortError);
      const stream = client.stream('/log/listen', {}, { signal: AbortSignal.abort() });
      await expect(stream.done).rejects.toBeInstanceOf(AbortError);
      // close() abandons the connect attempt still waiting for login instead of waiting for its deadline.
      const started = Date.now();
      await client.close();
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await client.close();
      await silent.close();
    }
  });

  it('rejects calls after close()', async () => {
    await managed.exec('/system/identity/print');
    await managed.close();
    expect(managed.connected).toBe(false);
    await expect(managed.exec('/system/identity/print')).rejects.toBeInstanceOf(ConnectionClosedError);
  });
});

describe('backoff', () => {
  it('fails fast with the last connect error as cause while waiting to retry', async () => {
    // A peer that hangs up at once: every connect attempt fails, and each attempt is counted.
    let attempts = 0;
    const hangUp = createServer((socket) => {
      attempts++;
      socket.destroy();
    }).listen(0, '127.0.0.1');
    await once(hangUp, 'listening');
    const { port } = hangUp.address() as { port: number };
    const client = createManagedClient({ host: '127.0.0.1', port, username: 'admin', reconnect: { initialDelayMs: 60_000 } });
    try {
      const first = await client.exec('/system/identity/print').catch((e) => e);
      expect(first).toBeInstanceOf(ConnectionClosedError);
      const started = Date.now();
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => client.exec('/system/identity/print')));
      expect(Date.now() - started).toBeLessThan(200);
      for (const result of results) {
        expect(result.status).toBe('rejected');
        const reason = (result as PromiseRejectedResult).reason;
        expect(reason).toBeInstanceOf(ConnectionClosedError);
        expect(reason.cause).toBe(first);
        expect(reason.message).toMatch(/next attempt in \d+ ms/);
      }
      expect(attempts).toBe(1);
    } finally {
      await client.close();
      await new Promise((resolve) => hangUp.close(resolve));
    }
  });

  it('keeps retrying with backoff until the router is back', async () => {
    const port = router.port;
    await managed.exec('/system/identity/print');
    await router.close();
    await expect.poll(() => managed.connected).toBe(false);
    await expect(managed.exec('/system/identity/print')).rejects.toBeInstanceOf(ConnectionClosedError);
    router = await startMockRouter({ port, password: 'pw' });
    await expect.poll(() => managed.connected, { timeout: 5_000 }).toBe(true);
    expect((await managed.exec('/system/identity/print')).rows).toHaveLength(1);
  });
});
