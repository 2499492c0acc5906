/**
 * The composition root: every long-lived thing the service owns (database, secret box, router
 * pool, payment services, background loops), opened in that order by `Runtime.open` and closed in
 * the reverse order by `close`. The entry points in src/bin/ open one runtime and say, in their own
 * lines, what they start on it; the HTTP app (src/http/app.ts) only borrows its parts.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/connection.js';
import { migrateToLatest } from './db/migrator.js';
import type { ReconcileDeps, ReconcileLoop } from './payments/reconcile.js';
import { reconcileDepsFor } from './payments/reconcile-deps.js';
import { startServiceReconciler } from './payments/reconcile-loop.js';
import { createPaymentServices, type PaymentServices } from './payments/services.js';
import { RouterDestinations } from './routers/destination.js';
import { startPlanEnforcement, type PlanEnforcement } from './plans/enforcement.js';
import { DEFAULT_SWEEP_BATCH, DEFAULT_SWEEP_LEASE_MS } from './plans/expiry-sweep.js';
import { RouterPool } from './routers/pool.js';
import { loadOrCreateKeyFile } from './security/key-file.js';
import { SecretBox } from './security/secret-box.js';

/** Where the data lives, for the start-up lines: `PGlite at <dir>` or `PostgreSQL (DATABASE_URL)`. */
export function describeDatabase(config: Config): string {
  return config.database.kind === 'pglite' ? `PGlite at ${config.database.dataDir}` : 'PostgreSQL (DATABASE_URL)';
}

/** The embedded data directory, when the data is kept on disk by PGlite (not in memory, not on a server). */
export function embeddedDataDir(config: Config): string | undefined {
  return config.database.kind === 'pglite' && config.database.dataDir !== 'memory://' ? config.database.dataDir : undefined;
}

/** Opens the configured database and applies pending migrations. @returns it and the migrations applied now. */
export async function openMigratedDatabase(config: Config): Promise<{ db: Db; applied: string[] }> {
  const db = await openDatabase(config.database);
  try {
    return { db, applied: await migrateToLatest(db) };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * The one encryption-key rule: APP_ENCRYPTION_KEY when set (config requires it with DATABASE_URL);
 * else, embedded on disk, the key file in the data directory (generated on first start); else, in
 * memory, a throw-away key (the data it protects is gone at exit anyway).
 */
export async function encryptionKey(config: Config, logger: Logger): Promise<Buffer> {
  if (config.encryptionKey) return config.encryptionKey;
  const dataDir = embeddedDataDir(config);
  if (!dataDir) {
    logger.info('APP_ENCRYPTION_KEY is not set: using a throw-away key (the in-memory database is lost on exit anyway)');
    return randomBytes(32);
  }
  const { key, path, created } = await loadOrCreateKeyFile(dataDir);
  logger.warn(
    { path },
    created
      ? 'APP_ENCRYPTION_KEY is not set: generated a key and saved it with mode 0600; back it up, or the encrypted secrets are lost'
      : 'APP_ENCRYPTION_KEY is not set: using the key saved in the data directory',
  );
  return key;
}

export class Runtime {
  private readonly loops: Array<ReconcileLoop | PlanEnforcement> = [];
  private closing: Promise<void> | undefined;

  private constructor(
    readonly config: Config,
    readonly logger: Logger,
    readonly db: Db,
    /** Migrations applied by this start. */
    readonly migrationsApplied: readonly string[],
    readonly secrets: SecretBox,
    readonly routers: RouterPool,
    readonly payments: PaymentServices,
    readonly now: () => Date,
  ) {}

  /** Config → database → migrations → secret box → router pool → payment services. Nothing runs in the background yet. */
  static async open(config: Config, options: { logger: Logger; now?: () => Date }): Promise<Runtime> {
    const { logger } = options;
    const { db, applied } = await openMigratedDatabase(config);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    let secrets: SecretBox;
    try {
      secrets = new SecretBox(await encryptionKey(config, logger), config.previousEncryptionKeys);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    const routers = new RouterPool({
      timeoutMs: config.routerTimeoutMs,
      idleMs: config.routerIdleMs,
      destinations: new RouterDestinations(config.routerDenyNetworks),
    });
    const payments = createPaymentServices({ config, db, secrets, routers });
    return new Runtime(config, logger, db, applied, secrets, routers, payments, options.now ?? (() => new Date()));
  }

  /** Reconciliation wired to this runtime's database, secrets and payment services. */
  reconcileDeps(): Omit<ReconcileDeps, 'onError'> {
    return reconcileDepsFor(this, this.payments);
  }

  /** Starts the background reconciler (a pass every 15 s); `close` stops it first. */
  startReconciler(): void {
    this.loops.push(startServiceReconciler(this.reconcileDeps(), this.logger));
  }

  /**
   * Starts plan enforcement: an expiry sweep every EXPIRY_SWEEP_SECONDS and a login listener on
   * each router with sold users awaiting their first login; `close` stops both first.
   */
  startPlanEnforcement(): void {
    const { logger, config, payments } = this;
    this.loops.push(
      startPlanEnforcement(
        {
          db: this.db,
          now: this.now,
          routerExecFor: (routerId) => payments.routerExecForId(routerId),
          routerStreamFor: (routerId, path) => payments.routerStreamForId(routerId, path),
          retryMs: 5_000,
          onError: (routerId, error) => logger.warn({ err: error, routerId }, 'plan enforcement: router deferred'),
          onPassError: (error) => logger.error({ err: error }, 'plan enforcement pass failed'),
          onSweep: (report) => {
            if (report.removed.length + report.exhausted.length > 0) {
              logger.info({ removed: report.removed.length, exhausted: report.exhausted.length }, 'expiry sweep');
            }
          },
        },
        {
          intervalMs: config.expiry.sweepSeconds * 1000,
          retentionMs: config.expiry.retentionHours * 3_600_000,
          leaseMs: DEFAULT_SWEEP_LEASE_MS,
          batchSize: DEFAULT_SWEEP_BATCH,
        },
      ),
    );
  }

  /** Stops the background loops (after their current pass), then closes the gateways' pool, the routers and the database. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(this.loops.map((loop) => loop.stop()));
      await this.payments.close();
      await this.routers.close();
      await this.db.destroy();
    })();
    return this.closing;
  }
}
