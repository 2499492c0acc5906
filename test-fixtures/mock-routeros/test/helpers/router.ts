/** Starts a mock router per test and closes it (and its raw clients) afterwards. */
import { afterEach } from 'vitest';
import { startMockRouter, type MockRouter, type MockRouterOptions } from '../../src/index.js';
import { RawClient } from './raw-client.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A mock router (password `secret`) closed after the test. */
export async function routerForTest(options: MockRouterOptions = {}): Promise<MockRouter> {
  const router = await startMockRouter({ password: 'secret', ...options });
  cleanups.push(() => router.close());
  return router;
}

/** A logged-in raw client closed after the test. */
export async function loggedInClient(router: MockRouter): Promise<RawClient> {
  const client = await RawClient.login(router.port, 'admin', 'secret');
  cleanups.push(() => client.close());
  return client;
}

/** A connected (not logged-in) raw client closed after the test. */
export async function rawClient(port: number, options: Parameters<typeof RawClient.connect>[1] = {}): Promise<RawClient> {
  const client = await RawClient.connect(port, options);
  cleanups.push(() => client.close());
  return client;
}
