/**
 * `npm start`: configuration → runtime (database migrated, secrets, routers, gateways) → first super
 * admin → HTTP → background reconciler and plan enforcement (expiry sweeps, login listeners).
 * Prints where it listens and how to log in; shuts down gracefully on SIGTERM/SIGINT.
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createGeneratedSuperAdmin, ensureSuperAdmin, GENERATED_SUPER_ADMIN_EMAIL, leftoverPasswordFile } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { buildApp } from '../http/app.js';
import { loggerOptions } from '../http/logger.js';
import { describeDatabase, embeddedDataDir, Runtime } from '../runtime.js';
import { runEntry } from './run.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const SHUTDOWN_DEADLINE_MS = 30_000;
const PARENT_CHECK_MS = 500;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino(loggerOptions(config.logLevel));
  const runtime = await Runtime.open(config, { logger });
  const superAdmin = await ensureSuperAdmin(runtime.db, config.superAdmin);
  const dataDir = embeddedDataDir(config);
  const generatedAdmin = superAdmin === 'unconfigured' && dataDir ? await createGeneratedSuperAdmin(runtime.db, dataDir) : undefined;
  const leftoverPassword = superAdmin === 'exists' && !config.superAdmin && dataDir ? await leftoverPasswordFile(dataDir) : undefined;
  const app = await buildApp(runtime, { logger });

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
      await runtime.close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  // npm does not pass SIGTERM on to the service (it ends its own shell, orphaning the service): so
  // the service also stops when the process that started it goes away.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('parent exited');
  }, PARENT_CHECK_MS).unref();

  await app.listen({ host: config.host, port: config.port });
  runtime.startReconciler();
  runtime.startPlanEnforcement();
  const { address, port } = app.server.address() as AddressInfo;
  const everywhere = address === '0.0.0.0' || address === '::';
  const url = `http://${everywhere ? 'localhost' : address.includes(':') ? `[${address}]` : address}:${port}`;
  const where = everywhere ? `http://${address.includes(':') ? `[${address}]` : address}:${port} (every interface)` : url;
  say(`hotspot API listening on ${where} (${describeDatabase(config)}); OpenAPI at ${url}/openapi.json`);
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
  } else if (leftoverPassword) {
    say(
      `A super admin exists; the password generated at the first start is still in ${leftoverPassword} (delete the file once you have changed it).`,
    );
    say(loginCommand(GENERATED_SUPER_ADMIN_EMAIL, `'"$(cat ${leftoverPassword})"'`));
  } else {
    const email = config.superAdmin?.email ?? '<your super admin email>';
    say(superAdmin === 'created' ? `Created super admin ${email} (from SUPER_ADMIN_EMAIL).` : 'A super admin exists.');
    say(loginCommand(email, '<SUPER_ADMIN_PASSWORD>'));
  }
}

runEntry(main);
