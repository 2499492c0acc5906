/** The composition root: what it opens, the one encryption-key rule, and the order it closes in. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { RouterPoolClosedError } from '../src/routers/pool.js';
import { Runtime } from '../src/runtime.js';

const logger = pino({ level: 'silent' });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hotspot-runtime-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const target = {
  id: 'RTR_00000000',
  host: '127.0.0.1',
  port: 1,
  username: 'u',
  password: 'p',
  tls: false,
  tlsMode: 'verify-cert',
  tlsCaPem: null,
} as const;

describe('Runtime', () => {
  it('opens a migrated database, and closes the reconciler, routers and database in order', async () => {
    const runtime = await Runtime.open(loadConfig({ PGLITE_DIR: 'memory://' }), { logger });
    expect(runtime.migrationsApplied[0]).toBe('0001-core');
    expect((await sql<{ one: number }>`select 1 as one`.execute(runtime.db)).rows).toEqual([{ one: 1 }]);
    runtime.startReconciler();
    await runtime.close();
    await expect(runtime.routers.exec(target, '/system/identity/print')).rejects.toBeInstanceOf(RouterPoolClosedError);
    await expect(sql`select 1`.execute(runtime.db)).rejects.toThrow();
    await runtime.close(); // a second close is the first one's promise, not a second teardown
  });

  it('keeps one encryption key per embedded data directory: a value sealed by one start opens in the next', async () => {
    const config = loadConfig({ PGLITE_DIR: join(dir, 'pglite') });
    const first = await Runtime.open(config, { logger });
    const sealed = first.secrets.seal('router password');
    await first.close();
    const second = await Runtime.open(config, { logger });
    try {
      expect(second.migrationsApplied).toEqual([]);
      expect(second.secrets.open(sealed)).toBe('router password');
    } finally {
      await second.close();
    }
  }, 60_000);
});
