/**
 * `npm run reconcile`: one reconciliation pass over every unsettled purchase attempt (asking the
 * gateways), then the sweep of the routers' users; prints what it did and exits. Safe while the
 * service runs on PostgreSQL (rows are leased). An embedded PGlite data directory can be opened
 * by one process only: there, the service's own background loop does this work.
 *
 *   npm run reconcile [-- --stale-after-seconds N]   (default 120: attempts untouched that long)
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { migrateToLatest } from './db/migrator.js';
import { DEFAULT_RECONCILE_OPTIONS, reconcileOnce } from './payments/reconcile.js';
import { reconcileDepsFor } from './payments/reconcile-deps.js';
import { createPaymentServices } from './payments/services.js';
import { RouterPool } from './routers/pool.js';
import { loadOrCreateKeyFile } from './security/key-file.js';
import { SecretBox } from './security/secret-box.js';

/** A command-line argument is not understood. */
export class UsageError extends Error {
  constructor(readonly argument: string) {
    super(`usage: npm run reconcile [-- --stale-after-seconds N]   (got ${JSON.stringify(argument)})`);
    this.name = 'UsageError';
  }
}

function staleAfterMs(argv: readonly string[]): number {
  if (argv.length === 0) return DEFAULT_RECONCILE_OPTIONS.staleAfterMs;
  const [flag, value] = argv;
  if (flag !== '--stale-after-seconds' || value === undefined || !/^\d{1,7}$/.test(value) || argv.length > 2)
    throw new UsageError(argv.join(' '));
  return Number(value) * 1000;
}

async function encryptionKey(config: Config): Promise<Buffer> {
  if (config.encryptionKey) return config.encryptionKey;
  if (config.database.kind === 'pglite' && config.database.dataDir !== 'memory://')
    return (await loadOrCreateKeyFile(config.database.dataDir)).key;
  return randomBytes(32);
}

async function main(): Promise<void> {
  const options = { ...DEFAULT_RECONCILE_OPTIONS, staleAfterMs: staleAfterMs(process.argv.slice(2)) };
  const config = loadConfig();
  const db = await openDatabase(config.database);
  const routers = new RouterPool({ timeoutMs: config.routerTimeoutMs, idleMs: config.routerIdleMs });
  const secrets = new SecretBox(await encryptionKey(config), config.previousEncryptionKeys);
  const services = createPaymentServices({ config, db, secrets, routers });
  try {
    await migrateToLatest(db);
    const deps = {
      ...reconcileDepsFor({ db, secrets, now: () => new Date() }, services),
      onError: (id: string, error: unknown) => console.error(`deferred ${id}: ${error instanceof Error ? error.message : String(error)}`),
    };
    const report = await reconcileOnce(deps, options);
    console.log(
      `paid ${report.paid.length}, not paid ${report.notPaid.length}, cleaned up ${report.cleanedUp.length}, ` +
        `deferred ${report.deferred.length}, stray hotspot users removed ${report.strayUsersRemoved}, expired records purged ${report.expiredRecordsPurged}`,
    );
    for (const [label, ids] of [
      ['paid', report.paid],
      ['not paid', report.notPaid],
      ['deferred', report.deferred],
    ] as const) {
      if (ids.length > 0) console.log(`${label}: ${ids.join(' ')}`);
    }
  } finally {
    await routers.close();
    await services.close();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof UsageError ? err.message : err);
  process.exitCode = 1;
});
