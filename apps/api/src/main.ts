/**
 * `npm start`: configuration → database (migrated) → first super admin → HTTP. Prints where it
 * listens and how to log in; shuts down gracefully on SIGTERM/SIGINT.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createGeneratedSuperAdmin, ensureSuperAdmin } from './bootstrap.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { migrateToLatest } from './db/migrator.js';
import { buildApp } from './http/app.js';
import { loggerOptions } from './http/logger.js';
import { RouterPool } from './routers/pool.js';
import { loadOrCreateKeyFile } from './security/key-file.js';
import { SecretBox } from './security/secret-box.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const SHUTDOWN_DEADLINE_MS = 30_000;

/** The configured key, or the embedded mode's generated one (with a warning). */
async function encryptionKey(config: Config, logger: pino.Logger): Promise<Buffer> {
  if (config.encryptionKey) return config.encryptionKey;
  if (config.database.kind !== 'pglite') throw new Error('APP_ENCRYPTION_KEY is required with DATABASE_URL');
  if (config.database.dataDir === 'memory://') {
    logger.warn('APP_ENCRYPTION_KEY is not set: using a throw-away key (the in-memory database is lost on exit anyway)');
    return randomBytes(32);
  }
  const { key, path, created } = await loadOrCreateKeyFile(config.database.dataDir);
  logger.warn(
    { path },
    created
      ? 'APP_ENCRYPTION_KEY is not set: generated a key and saved it with mode 0600; back it up, or the encrypted secrets are lost'
      : 'APP_ENCRYPTION_KEY is not set: using the key saved in the data directory',
  );
  return key;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino(loggerOptions(config.logLevel));
  const where = config.database.kind === 'pglite' ? `PGlite at ${config.database.dataDir}` : 'PostgreSQL (DATABASE_URL)';

  const db = await openDatabase(config.database);
  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const secrets = new SecretBox(await encryptionKey(config, logger), config.previousEncryptionKeys);
  const superAdmin = await ensureSuperAdmin(db, config.superAdmin);
  const embeddedDataDir =
    config.database.kind === 'pglite' && config.database.dataDir !== 'memory://' ? config.database.dataDir : undefined;
  const generatedAdmin =
    superAdmin === 'unconfigured' && embeddedDataDir ? await createGeneratedSuperAdmin(db, embeddedDataDir) : undefined;
  const routers = new RouterPool({ timeoutMs: config.routerTimeoutMs, idleMs: config.routerIdleMs });
  const app = await buildApp({ config, db, secrets, routers }, { logger });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests, closing routers and the database');
    // Requests finish within the router and gateway deadlines; anything longer is stuck.
    setTimeout(() => {
      logger.error(`shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await app.close();
      await routers.close();
      await db.destroy();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('0.0.0.0', 'localhost');
  say(`hotspot API listening on ${address} (${where}); OpenAPI at ${url}/openapi.json`);
  const loginCommand = (email: string, passwordInShell: string) =>
    `Log in: curl -s -X POST ${url}/api/v1/auth/login -H 'content-type: application/json' -d '{"email":"${email}","password":"${passwordInShell}"}'`;
  if (generatedAdmin) {
    say(`Created the first super admin ${generatedAdmin.email}; its generated password is in ${generatedAdmin.passwordFile} (mode 0600).`);
    say(
      'Change it after logging in (POST /api/v1/auth/change-password), or set SUPER_ADMIN_EMAIL and SUPER_ADMIN_PASSWORD before the first start.',
    );
    say(loginCommand(generatedAdmin.email, `'"$(cat ${generatedAdmin.passwordFile})"'`));
  } else if (superAdmin === 'unconfigured') {
    say('No super admin exists yet: set SUPER_ADMIN_EMAIL and SUPER_ADMIN_PASSWORD and restart to create one.');
  } else {
    const email = config.superAdmin?.email ?? '<your super admin email>';
    say(superAdmin === 'created' ? `Created super admin ${email} (from SUPER_ADMIN_EMAIL).` : 'A super admin exists.');
    say(loginCommand(email, '<SUPER_ADMIN_PASSWORD>'));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
