/**
 * Purchase benchmark: purchases per second and latency through HTTP, with the mock router and the
 * fake gateway answering at once, on PostgreSQL or PGlite; plus router round trips per purchase and
 * router connections used. The API runs in this process; the router, the gateways and the load
 * generator run in a child process (bench/peers.ts), as other machines would.
 *
 *   cd apps/api && npx tsx bench/purchases.ts [--db postgres|pglite] [--purchases N] [--concurrency C] [--pool P] [--log-level L]
 *
 * PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema
 * dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fork, type ChildProcess } from 'node:child_process';
import { ask as askChild } from './child-process.js';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase, quoteIdentifier } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { buildApp } from '../src/http/app.js';
import { createPaymentServices } from '../src/payments/services.js';
import { RouterPool } from '../src/routers/pool.js';
import { SecretBox } from '../src/security/secret-box.js';
import { withAdminClient } from '../test/helpers/db.js';
import { seedShop } from '../test/payments/shop.js';
import type { PeersReply, PeersRequest } from './peers.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    purchases: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '16' },
    // PostgreSQL connections: the service's own default (src/db/connection.ts), not a benchmark special.
    pool: { type: 'string', default: '10' },
    // The service logs at info by default (two lines per request, to stdout); warn leaves logging out of the figures.
    'log-level': { type: 'string', default: 'warn' },
  },
});
const backend = args.db === 'pglite' ? 'pglite' : 'postgres';
const total = Number(args.purchases);
const concurrency = Number(args.concurrency);
const postgresUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const ask = <K extends PeersReply['kind']>(worker: ChildProcess, request: PeersRequest, expected: K) =>
  askChild<PeersReply, K>(worker, request, expected);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const worker = fork(new URL('./peers.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
  const peers = await ask(worker, { kind: 'start' }, 'started');
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  if (backend === 'postgres') await withAdminClient(postgresUrl, (c) => c.query(`create schema ${quoteIdentifier(schema)}`));
  const base = loadConfig({
    PGLITE_DIR: 'memory://',
    APP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: args['log-level'],
    // One API key and one client address stand for a crowd here: the purchase limits stay on (their
    // statements are part of the cost measured) but high enough never to refuse.
    PURCHASE_MAX_PER_API_KEY: '1000000',
    PURCHASE_MAX_PER_ADDRESS: '1000000',
    PURCHASE_MAX_DECLINES_PER_ADDRESS: '1000000',
    PURCHASE_MAX_DECLINES_PER_API_KEY: '1000000',
  });
  const config = { ...base, gateways: { conektaUrl: peers.conektaUrl, mercadoPagoUrl: peers.mercadoPagoUrl, timeoutMs: 10_000 } };
  const db =
    backend === 'postgres'
      ? await openDatabase({ kind: 'postgres', url: postgresUrl }, { schema, maxConnections: Number(args.pool) })
      : await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await migrateToLatest(db);
  const secrets = new SecretBox(config.encryptionKey!);
  const routers = new RouterPool({ timeoutMs: 10_000, idleMs: 60_000 });
  const payments = createPaymentServices({ config, db, secrets, routers });
  const app = await buildApp({ config, db, secrets, routers, payments }, { logger: pino({ level: base.logLevel }) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const shop = await seedShop(db, secrets, { port: peers.routerPort });
  const load = (purchases: number) =>
    ask(worker, { kind: 'load', url, apiKey: shop.apiKey, productId: shop.plan.id, purchases, concurrency }, 'loaded');

  try {
    await load(Math.min(300, total)); // warm-up: JIT, connections, caches
    const cpuBefore = process.cpuUsage();
    const result = await load(total);
    const cpu = process.cpuUsage(cpuBefore);
    const latencies = result.latencies.sort((a, b) => a - b);
    console.log(`backend ${backend}, ${total} purchases, concurrency ${concurrency} (HTTP → API → mock router + fake Conekta)`);
    console.log(`throughput ${(total / result.seconds).toFixed(0)} purchases/s`);
    console.log(
      `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
    );
    const cpuMs = (cpu.user + cpu.system) / 1000 / total;
    console.log(
      `API process CPU per purchase ${cpuMs.toFixed(2)} ms (user+system; one core serves at most ~${Math.floor(1000 / cpuMs)} purchases/s)`,
    );
    console.log(`peers' CPU per purchase (mock router, fake gateway, load generator) ${(result.cpuMs / total).toFixed(2)} ms`);
    console.log(
      `router round trips per purchase ${(result.routerCommands / total).toFixed(2)}; router connections accepted in all ${result.routerConnections}`,
    );
  } finally {
    await app.close();
    await payments.close();
    await routers.close();
    await db.destroy();
    await ask(worker, { kind: 'stop' }, 'stopped');
    worker.disconnect();
    if (backend === 'postgres') await withAdminClient(postgresUrl, (c) => c.query(`drop schema ${quoteIdentifier(schema)} cascade`));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
