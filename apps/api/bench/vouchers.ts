/**
 * Voucher benchmark (issue 15): one batch of `--count` vouchers (default 1,000) on one mock router,
 * as the service makes it (src/vouchers/batch.ts: rows written, one pipelined burst of adds, the
 * outcome recorded), then the same batch with the router's commands sent one at a time (each
 * command waits for the previous answer; the service code is unchanged, only the router runner
 * is serialised), for comparison. Both with the mock answering at once (loopback, ~0.1 ms a round
 * trip) and with its mock-only link model (`linkLatencyMs`, default 5 ms a round trip), which is
 * what pipelining saves on a real link.
 *
 *   cd apps/api && npx tsx bench/vouchers.ts [--db pglite|postgres] [--count 1000] [--latency-ms 5]
 *
 * Target: 1,000 vouchers under 1 s pipelined, and at least 10x faster than one at a time.
 * The mock router runs in this process (its work is counted in the wall clock).
 * PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema
 * dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startMockRouter } from '@hotspot/mock-routeros';
import { openDatabase, quoteIdentifier, type Db } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { RouterExec } from '../src/payments/hotspot-users.js';
import { RouterPool } from '../src/routers/pool.js';
import { routerTarget } from '../src/routers/target.js';
import { SecretBox } from '../src/security/secret-box.js';
import { createVoucherBatch, type VoucherDeps } from '../src/vouchers/batch.js';
import { withAdminClient } from '../test/helpers/db.js';
import { seedShop } from '../test/payments/shop.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    count: { type: 'string', default: '1000' },
    'latency-ms': { type: 'string', default: '5' },
  },
});
const backend = args.db === 'postgres' ? 'postgres' : 'pglite';
const count = Number(args.count);
const latencyMs = Number(args['latency-ms']);
const postgresUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** The router runner with one command in flight at a time: each waits for the previous answer. */
function oneAtATime(exec: RouterExec): RouterExec {
  let previous: Promise<unknown> = Promise.resolve();
  return (path, params) => {
    const next = previous.then(() => exec(path, params));
    previous = next.catch(() => undefined);
    return next;
  };
}

async function main(): Promise<void> {
  const schema = `bench_vouchers_${randomBytes(4).toString('hex')}`;
  if (backend === 'postgres') await withAdminClient(postgresUrl, (c) => c.query(`create schema ${quoteIdentifier(schema)}`));
  const db: Db =
    backend === 'postgres'
      ? await openDatabase({ kind: 'postgres', url: postgresUrl }, { schema })
      : await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  const mock = await startMockRouter({ profiles: [{ name: '1h', 'session-timeout': '1h' }] });
  const pool = new RouterPool({ timeoutMs: 60_000, idleMs: 60_000 });
  try {
    await migrateToLatest(db);
    const secrets = new SecretBox(randomBytes(32));
    const shop = await seedShop(db, secrets, { port: mock.port });
    const target = routerTarget(shop.router, secrets);
    const exec: RouterExec = (path, params) => pool.exec(target, path, params);
    const deps = (runner: RouterExec): VoucherDeps => ({ db, secrets, now: () => new Date(), routerExecFor: async () => runner });
    const request = { companyId: shop.company.id, product: shop.plan, count, userKind: 'usuario_contrasena' as const, createdBy: null };
    // Warm-up: the connection, the JIT and the database's caches.
    await createVoucherBatch(deps(exec), { ...request, count: 50 });

    const rows: Array<{ latency: number; mode: string; ms: number }> = [];
    for (const latency of [0, latencyMs]) {
      mock.faults.set(latency > 0 ? { linkLatencyMs: latency } : {});
      for (const [mode, runner] of [
        ['pipelined (the service)', exec],
        ['one command at a time', oneAtATime(exec)],
      ] as const) {
        const addsBefore = mock.stats.commands['/ip/hotspot/user/add'] ?? 0;
        const started = performance.now();
        const batch = await createVoucherBatch(deps(runner), request);
        const ms = performance.now() - started;
        const adds = (mock.stats.commands['/ip/hotspot/user/add'] ?? 0) - addsBefore;
        if (batch.state !== 'ready' || adds !== count) throw new Error(`batch ${batch.state} with ${adds} adds`);
        rows.push({ latency, mode, ms });
      }
    }
    mock.faults.clear();

    console.log(`${count} vouchers on one mock router, database ${backend}, ${new Date().toISOString()}`);
    console.log('link latency (mock-only model) | mode                     | wall clock | vouchers/s | pipelined speed-up');
    for (const latency of [0, latencyMs]) {
      const [pipelined, serial] = rows.filter((r) => r.latency === latency) as [(typeof rows)[0], (typeof rows)[0]];
      for (const row of [pipelined, serial]) {
        console.log(
          `${`${latency} ms`.padEnd(30)} | ${row.mode.padEnd(24)} | ${`${row.ms.toFixed(0)} ms`.padStart(10)} | ${(count / (row.ms / 1000)).toFixed(0).padStart(10)} | ${row === pipelined ? `${(serial.ms / pipelined.ms).toFixed(1)}x` : ''}`,
        );
      }
    }
    const target5 = rows.find((r) => r.latency === latencyMs && r.mode.startsWith('pipelined'))!;
    const serial5 = rows.find((r) => r.latency === latencyMs && r.mode.startsWith('one'))!;
    console.log(
      `target (1,000 under 1 s, >= 10x) at ${latencyMs} ms: ${target5.ms < 1000 && serial5.ms / target5.ms >= 10 ? 'met' : 'NOT met'} (${target5.ms.toFixed(0)} ms, ${(serial5.ms / target5.ms).toFixed(1)}x)`,
    );
  } finally {
    await pool.close();
    await mock.close();
    await db.destroy();
    if (backend === 'postgres') await withAdminClient(postgresUrl, (c) => c.query(`drop schema ${quoteIdentifier(schema)} cascade`));
  }
}

await main();
